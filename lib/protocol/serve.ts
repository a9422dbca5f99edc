/**
 * The receiving half of the protocol: one route per message type — who may send it, how its data
 * is checked, what answers it. A message from a sender the route does not admit, or with data
 * that fails the check, is answered with an error (the sender's promise rejects with it) and
 * never reaches the handler.
 */
import type { ExtensionMessenger } from '@webext-core/messaging';
import { classifySender, type ExtensionIdentity, type Sender, type SenderLike } from './sender';
import { NOTE_PAGE, type DataOf, type ReplyOf } from './index';

/**
 * `page`: content scripts only; `panel`: the extension pages named in `panelPages` (side panel,
 * library); `extension`: any extension context (background, panel); `page-or-panel`: both kinds
 * (the handler tells them apart by `sender.kind`); `note`: the note editor frame (NOTE_PAGE).
 */
export type Access = 'page' | 'panel' | 'extension' | 'page-or-panel' | 'note';

export interface Route<F> {
  from: Access;
  /** Shape check of the message's data (types and structure; the store clamps and validates records). */
  valid: (data: unknown) => boolean;
  run: (data: DataOf<F>, sender: Sender) => ReplyOf<F> | Promise<ReplyOf<F>>;
}

export type Routes<P> = { [K in keyof P]: Route<P[K]> };

export class ProtocolError extends Error {
  constructor(
    readonly code: 'forbidden' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export function admits(access: Access, sender: Sender, panelPages: readonly string[]): boolean {
  switch (access) {
    case 'page':
      return sender.kind === 'page';
    case 'panel':
      return sender.kind === 'extension' && panelPages.includes(sender.path);
    case 'extension':
      return sender.kind === 'extension';
    case 'page-or-panel':
      return sender.kind === 'page' || (sender.kind === 'extension' && panelPages.includes(sender.path));
    case 'note':
      return sender.kind === 'extension' && sender.path === NOTE_PAGE;
  }
}

/**
 * Register every route on the messenger. Returns the function that removes them.
 * `reword` turns an error a handler threw into the one the sender gets: only an error's message
 * crosses the messaging, so an error that carries a catalog key (a StorageError) is worded here.
 */
// The protocol maps are interfaces (no index signature), which only `any` admits here, as in the library's own ProtocolMap.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function serve<P extends Record<string, any>>(
  messenger: Pick<ExtensionMessenger<P>, 'onMessage'>,
  routes: Routes<P>,
  opts: { ext: ExtensionIdentity; panelPages: readonly string[]; reword?: (e: unknown) => unknown },
): () => void {
  const removers = (Object.keys(routes) as (keyof P & string)[]).map((type) => {
    const route = routes[type] as Route<P[typeof type]>;
    return messenger.onMessage(type, (async (message: { data: unknown; sender: SenderLike }) => {
      const sender = classifySender(message.sender, opts.ext);
      if (!sender || !admits(route.from, sender, opts.panelPages)) throw new ProtocolError('forbidden', `${type}: not accepted from this sender`);
      if (!route.valid(message.data)) throw new ProtocolError('invalid', `${type}: malformed data`);
      if (!opts.reword) return route.run(message.data as DataOf<P[typeof type]>, sender);
      try {
        return await route.run(message.data as DataOf<P[typeof type]>, sender);
      } catch (e) {
        throw opts.reword(e);
      }
    }) as Parameters<typeof messenger.onMessage>[1]);
  });
  return () => removers.forEach((r) => r());
}
