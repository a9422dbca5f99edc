/**
 * A `chrome` runtime double with the message semantics of the oldest Chrome we declare
 * (manifest `minimum_chrome_version`): a listener answers only through `sendResponse` (returning
 * `true` to answer later); a Promise returned from a listener is ignored — Chrome honours it only
 * from 144. Messages and answers are cloned as the browser does. The sender of each message is
 * the one set with `as(sender)`.
 */
type Listener = (msg: unknown, sender: unknown, sendResponse: (r: unknown) => void) => unknown;

export function installFakeChrome(opts: { promiseReplies?: boolean } = {}) {
  const listeners: Listener[] = [];
  let sender: unknown = undefined;
  const clone = <T>(x: T): T => (x === undefined ? x : structuredClone(x));
  function dispatch(msg: unknown, cb: (r: unknown) => void) {
    let answered = false;
    let waiting = false;
    const respond = (r: unknown) => {
      if (answered) return;
      answered = true;
      queueMicrotask(() => cb(clone(r)));
    };
    const from = clone(sender);
    for (const l of [...listeners]) {
      const r = l(clone(msg), from, respond);
      if (r === true) waiting = true;
      else if (opts.promiseReplies && r instanceof Promise) {
        waiting = true;
        void r.then(respond);
      }
    }
    if (!waiting && !answered) queueMicrotask(() => cb(undefined));
  }
  const chrome = {
    runtime: {
      lastError: undefined as undefined | { message: string },
      sendMessage(msg: unknown, cb: (r: unknown) => void) {
        dispatch(msg, cb);
      },
      onMessage: {
        addListener: (l: Listener) => void listeners.push(l),
        removeListener: (l: Listener) => {
          const i = listeners.indexOf(l);
          if (i >= 0) listeners.splice(i, 1);
        },
      },
    },
    tabs: {
      sendMessage(_tabId: number, msg: unknown, _o: unknown, cb: (r: unknown) => void) {
        dispatch(msg, cb);
      },
    },
  };
  (globalThis as { chrome?: unknown }).chrome = chrome;
  return {
    chrome,
    listeners,
    /** Messages sent from now on come from this sender. */
    as(s: unknown) {
      sender = s;
    },
    uninstall() {
      delete (globalThis as { chrome?: unknown }).chrome;
    },
  };
}
