/**
 * `npx tsx tools/size-report.ts [DIR]`: the largest shipped source files and functions
 * (lib/, components/, entrypoints/), for keeping modules small — files over ~400 lines and
 * functions over ~80 need a reason in their header. Prints two tables; `--json` prints data.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.cwd();
const ROOTS = ['lib', 'components', 'entrypoints'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) && !n.endsWith('.d.ts') && !/\.gen\./.test(n) ? [p] : [];
  });
}

export interface SizeReport {
  files: { file: string; lines: number }[];
  functions: { file: string; name: string; lines: number }[];
}

export function sizeReport(base: string): SizeReport {
  const out: SizeReport = { files: [], functions: [] };
  for (const r of ROOTS) {
    let list: string[] = [];
    try {
      list = files(join(base, r));
    } catch {
      continue;
    }
    for (const f of list) {
      const text = readFileSync(f, 'utf8');
      const rel = relative(base, f);
      out.files.push({ file: rel, lines: text.split('\n').length });
      const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const visit = (n: ts.Node, owner: string) => {
        let name = owner;
        if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n)) {
          const id =
            (n as ts.FunctionDeclaration).name?.getText(sf) ??
            (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText(sf) : ts.isPropertyAssignment(n.parent) ? n.parent.name.getText(sf) : '(anonymous)');
          name = owner ? `${owner} › ${id}` : id;
          const a = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
          const b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
          out.functions.push({ file: rel, name, lines: b - a + 1 });
        }
        ts.forEachChild(n, (c) => visit(c, name));
      };
      visit(sf, '');
    }
  }
  out.files.sort((a, b) => b.lines - a.lines);
  out.functions.sort((a, b) => b.lines - a.lines);
  return out;
}

if (process.argv[1] && /size-report/.test(process.argv[1])) {
  const r = sizeReport(root);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else {
    console.log('largest files (lines)');
    for (const f of r.files.slice(0, 15)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
    console.log('largest functions (lines)');
    for (const f of r.functions.slice(0, 15)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}  ${f.name}`);
  }
}
