import { citationScores, citationLine } from '../tools/eval-citations';
const r = await citationScores(process.cwd(), '../shared/corpus');
console.log(citationLine('seeds', r.seeds, true));
if (r.real) console.log(citationLine('real', r.real, true));
