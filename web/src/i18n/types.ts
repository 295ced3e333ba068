import type { ClientCode } from '@/api/problem';
import type { ProblemCode } from '@/api/problems.gen';

export type Language = 'pt-BR' | 'en';

/** The shape of a dictionary with its texts as plain strings: English is typed by Portuguese. */
export type Dict<T> = { [K in keyof T]: T[K] extends string ? string : Dict<T[K]> };

/** The server's codes of some areas: `CodesOf<'vin'>` is `'vin.invalid_character' | 'vin.length'`. */
export type CodesOf<Area extends string> = Extract<ProblemCode, `${Area}.${string}`>;

/**
 * A text for every code of the areas a module owns: one left out, or one the server no longer
 * sends (docs/problems.json), fails the type check.
 */
export type ProblemTexts<Area extends string> = Record<CodesOf<Area>, string>;

/** The codes outside any module's areas, and the web app's own: the shell's dictionary has them. */
export type SharedProblemTexts<Area extends string> = Record<
  CodesOf<Area> | Extract<ProblemCode, 'internal'> | ClientCode,
  string
>;

/** A module's (or the shell's) words in each language: screen strings and problem-code texts. */
export interface Texts<Messages, Problems> {
  'pt-BR': { messages: Messages; problems: Problems };
  en: { messages: Dict<Messages>; problems: Problems };
}
