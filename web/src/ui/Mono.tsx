import { EMPTY } from '@/lib/format';
import { cn } from './cn';

/**
 * An identifier read character by character (placa, VIN) in a monospace font; when there is none,
 * the app's empty mark in the text's own font (a monospace em dash would pass for an en dash).
 */
export function Mono({ children, className }: { children: string | null | undefined; className?: string }) {
  return children?.trim() ? <span className={cn('font-mono', className)}>{children}</span> : <>{EMPTY}</>;
}
