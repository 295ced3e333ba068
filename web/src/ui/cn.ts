import { twMerge } from 'tailwind-merge';

/**
 * Joins class names, skipping the falsy ones; when two set the same property (`px-4` from a
 * component, `px-0` from its caller) the later one wins, whatever order the stylesheet has.
 */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return twMerge(parts);
}
