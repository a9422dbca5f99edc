import { describe, it, expect } from 'vitest';
import type { PolicyModel } from '../../lib/analysis/types';

describe('project', () => {
  it('compiles shared types', () => {
    const m: Partial<PolicyModel> = { isPolicy: false };
    expect(m.isPolicy).toBe(false);
  });
});
