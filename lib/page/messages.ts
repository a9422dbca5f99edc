/**
 * The page's end of the protocol: which messages a frame's content script answers, the shape
 * check of each, and who may send them — only the extension's own contexts (side panel,
 * background); the answers are the controller's (`PageController.handle`).
 */
import type { PageProtocol } from '../protocol';
import * as g from '../protocol/guards';
import type { Route, Routes } from '../protocol/serve';
import type { PageController } from './controller';

const CHECKS: { [K in keyof PageProtocol]: (d: unknown) => boolean } = {
  'page:getState': g.isNothing,
  'page:getSnapshot': g.isNothing,
  'page:getAnalysisInput': g.isNothing,
  'page:scrollTo': g.hasMeasureId,
  'page:scrollToAnnotation': g.hasId,
  'page:analyzeAnyway': g.isNothing,
  'page:annotationsChanged': g.isNothing,
  'page:reattach': g.hasId,
  'page:noteClosed': g.hasNoteClosed,
};

export function pageRoutes(ctl: Pick<PageController, 'handle'>): Routes<PageProtocol> {
  const routes = {} as Record<keyof PageProtocol, Route<PageProtocol[keyof PageProtocol]>>;
  for (const type of Object.keys(CHECKS) as (keyof PageProtocol)[]) {
    routes[type] = { from: 'extension', valid: CHECKS[type], run: (d) => ctl.handle(type, d as never) as never };
  }
  return routes as Routes<PageProtocol>;
}
