import { build } from 'esbuild';
const r = await build({ entryPoints: ['entrypoints/content.ts'], bundle: true, minify: true, format: 'iife', write: false, metafile: true, jsx: 'automatic', jsxImportSource: 'preact', define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' }, logLevel: 'error',
  alias: { } });
const out = Object.values(r.metafile.outputs)[0];
console.log('total', out.bytes);
const groups = {};
for (const [f, v] of Object.entries(out.inputs)) {
  const g = f.replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, 'nm:$1').replace(/^(lib|components)\/([^/]+)\/.*/, '$1/$2');
  groups[g] = (groups[g] || 0) + v.bytesInOutput;
}
for (const [g, b] of Object.entries(groups).sort((a, b) => b[1] - a[1])) console.log(String(b).padStart(7), g);
if (process.argv[2]) for (const [f, v] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) if (f.includes(process.argv[2])) console.log(String(v.bytesInOutput).padStart(7), f);
