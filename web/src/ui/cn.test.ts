import { describe, expect, it } from 'vitest';
import { cn } from './cn';

describe('cn', () => {
  it('skips falsy parts', () => {
    expect(cn('a', false, null, undefined, '', 'b')).toBe('a b');
  });

  it('lets a later class win a conflict, theme colours included', () => {
    expect(cn('h-10 px-4 text-slate-700', 'h-8 w-8 px-0')).toBe('text-slate-700 h-8 w-8 px-0');
    expect(cn('bg-white hover:bg-slate-50', 'bg-brand-600')).toBe('hover:bg-slate-50 bg-brand-600');
    expect(cn('text-sm text-slate-700', 'text-red-700')).toBe('text-sm text-red-700');
  });

  it('keeps classes that only look alike', () => {
    expect(cn('border border-slate-300', 'border-red-600')).toBe('border border-red-600');
    expect(cn('px-3 py-2', 'dark:px-0')).toBe('px-3 py-2 dark:px-0');
  });
});
