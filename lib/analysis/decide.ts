/**
 * Who leads, from what a clause prints (`decide`): units printed as 牵头 (field, verb, or
 * "（牵头）" after a name); else the unit before 会同; else one responsible unit with the others
 * named as working with it ("X负责，Y参与", "责任单位：X；配合单位：Y"); else the first listed unit
 * once the document states that the first listed leads; else a sole unit (counting inherited
 * implementers); else nobody ("X、Y负责，Z参与" names no lead). Implementers a standing rule adds to
 * a measure without a clause are not leads.
 */
import type { Assignment, RoleWord, UnitRole } from './types';
import type { Group } from './clause-content';
import type { UnitSpan } from './units';

/** A clause's units with their decided roles. */
export interface Decided {
  units: UnitSpan[];
  words: RoleWord[];
  roles: UnitRole[];
  rule: Assignment['rule'];
}

/**
 * Units and roles of a clause, given the implementers it inherits and whether the document's
 * "first listed leads" convention is in force.
 */
export function decide(groups: readonly Group[], inherited: readonly UnitSpan[], convention: boolean): Decided {
  // The usual clause: one group of distinct units, nothing inherited.
  const g0 = groups.length === 1 && inherited.length === 0 ? groups[0]! : null;
  if (g0 && g0.units.length > 0 && distinct(g0.units)) {
    const us = g0.units;
    const n = us.length;
    // 0: every unit leads, 1: the marked ones, 2: the first, 3: none
    let how = 0;
    let rule: Assignment['rule'];
    if (g0.lead === 'column') rule = 'lead-column';
    else if (g0.word === '牵头') rule = g0.lead === 'joint' ? 'joint-lead' : 'lead-marker';
    else if (us.some((u) => u.lead)) {
      rule = 'lead-marker';
      how = 1;
    } else if (g0.lead === 'huitong') rule = 'lead-marker';
    else if (convention) {
      rule = 'first-listed';
      how = 2;
    } else if (n === 1) rule = 'single';
    else {
      rule = 'responsible-only';
      how = 3;
    }
    const words: RoleWord[] = [];
    const roles: UnitRole[] = [];
    for (let i = 0; i < n; i++) {
      words.push(g0.word);
      roles.push(how === 0 || (how === 1 && us[i]!.lead) || (how === 2 && i === 0) ? 'lead' : 'co');
    }
    // (the group's own list: nothing changes a parsed list afterwards)
    return { units: us, words, roles, rule };
  }
  const units: UnitSpan[] = [];
  const words: RoleWord[] = [];
  const leadFlags: boolean[] = [];
  const leadOf: Group['lead'][] = [];
  const seen = (text: string) => units.some((x) => x.text === text);
  for (const g of groups) {
    for (const u of g.units) {
      if (seen(u.text)) continue;
      units.push(u);
      words.push(g.word);
      leadFlags.push(false);
      leadOf.push(g.lead);
    }
  }
  const own = units.length;
  for (const u of inherited) {
    if (seen(u.text)) continue;
    units.push(u);
    words.push('落实');
    leadFlags.push(false);
    leadOf.push(undefined);
  }
  let rule: Assignment['rule'];
  /** Mark the own units of one kind as leads: 0 the 牵头 column, 1 printed 牵头, 2 （牵头）, 3 before 会同. */
  const by = (kind: 0 | 1 | 2 | 3) => {
    let any = false;
    for (let i = 0; i < own; i++) {
      const yes = kind === 0 ? leadOf[i] === 'column' : kind === 1 ? words[i] === '牵头' : kind === 2 ? !!units[i]!.lead : leadOf[i] === 'huitong';
      if (yes) leadFlags[i] = any = true;
    }
    return any;
  };
  if (by(0)) rule = 'lead-column';
  else if (by(1)) rule = leadOf.slice(0, own).includes('joint') ? 'joint-lead' : 'lead-marker';
  else if (by(2)) rule = 'lead-marker';
  else if (by(3)) rule = 'lead-marker';
  else if (soleResponsible(groups)) {
    leadFlags[0] = true;
    rule = 'lead-marker';
  } else if (convention && own > 0) {
    leadFlags[0] = true;
    rule = 'first-listed';
  } else if (own === 0)
    rule = 'standing'; // implementers a rule names are not designated leads
  else if (units.length === 1) {
    leadFlags[0] = true;
    rule = 'single';
  } else rule = 'responsible-only';
  return { units, words, roles: leadFlags.map((l): UnitRole => (l ? 'lead' : 'co')), rule };
}

function distinct(us: readonly UnitSpan[]): boolean {
  for (let i = 1; i < us.length; i++) for (let j = 0; j < i; j++) if (us[i]!.text === us[j]!.text) return false;
  return true;
}

/**
 * "责任单位：X；配合单位：Y、Z" / "X负责，Y参与": one responsible unit, the others named as
 * working with it — the one responsible leads. (Two or more responsible units name no lead.)
 */
function soleResponsible(groups: readonly Group[]): boolean {
  if (groups.length < 2) return false;
  const [first, ...rest] = groups;
  return (
    (first!.word === '负责' || first!.word === '责任') &&
    first!.units.length === 1 &&
    rest.every((g) => g.word === '配合' || g.word === '参与' || g.word === '协办' || g.word === '协同')
  );
}
