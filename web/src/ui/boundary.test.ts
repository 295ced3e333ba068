// @vitest-environment node
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule that keeps the design system independent of the modules, checked on sample files.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

// Loading the TypeScript parser takes seconds on a busy machine.
describe('the layering lint', { timeout: 30_000 }, () => {
  it('refuses an import from a module inside src/ui', async () => {
    expect(await problems('src/ui/Sample.ts', "import { STATUSES } from '@/modules/vehicles/status';\nexport const s = STATUSES;\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/ui/Sample.ts', "export { ROLES } from '../modules/identity/roles';\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/ui/Sample.ts', "export const page = () => import('@/modules/home/HomePage');\n")).toEqual(['no-restricted-syntax']);
  });

  it('lets modules and the shell import modules, and src/ui import its own files', async () => {
    expect(await problems('src/app/Sample.ts', "import { STATUSES } from '@/modules/vehicles/status';\nexport const s = STATUSES;\n")).toEqual([]);
    expect(await problems('src/ui/Sample.ts', "import { cn } from './cn';\nexport const c = cn('a');\n")).toEqual([]);
  });
});
