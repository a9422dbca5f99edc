/**
 * The reminders switch's ports (components/library/Reminders.tsx) over the browser: the stored
 * setting (lib/settings-reminders) and the optional `notifications` permission, asked for in the
 * user's click. The library page makes them once: `createReminderPorts(browser)`.
 */
import type { PermissionAnswer, ReminderPorts } from '../../components/library/Reminders';
import { reminderSettingsStore } from '../../lib/settings-reminders';

/** The part of the browser the ports use. */
export interface ReminderBrowser {
  permissions?: { request(p: { permissions: string[] }): Promise<boolean> };
}

export function createReminderPorts(api: ReminderBrowser): ReminderPorts {
  const store = reminderSettingsStore();
  return {
    get: () => store.get(),
    set: (s) => store.set(s),
    watch: (cb) => store.watch(cb),
    requestPermission(): Promise<PermissionAnswer> {
      const permissions = api.permissions;
      if (!permissions?.request) return Promise.resolve('unavailable');
      // synchronously here, in the click: the browsers grant only inside a user gesture
      return permissions.request({ permissions: ['notifications'] }).then((ok) => (ok ? 'granted' : 'refused'));
    },
  };
}
