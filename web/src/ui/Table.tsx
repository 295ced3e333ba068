import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

/** A data table that scrolls sideways on narrow screens instead of breaking the layout. */
export function Table({ caption, children, className }: { caption?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={cn('overflow-x-auto', className)}>
      <table className="w-full text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-slate-200 text-left text-slate-600 dark:border-slate-800 dark:text-slate-400">
      <tr>{children}</tr>
    </thead>
  );
}

interface ThProps extends ThHTMLAttributes<HTMLTableCellElement> {
  numeric?: boolean;
}

export function Th({ numeric, className, children, ...rest }: ThProps) {
  return (
    <th scope="col" className={cn('px-4 py-3 font-medium', numeric && 'text-right', className)} {...rest}>
      {children}
    </th>
  );
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr
      className={cn('border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50', className)}
      {...rest}
    />
  );
}

interface TdProps extends TdHTMLAttributes<HTMLTableCellElement> {
  /** Right-aligned, tabular figures: money, km, counts. */
  numeric?: boolean;
}

export function Td({ numeric, className, ...rest }: TdProps) {
  return <td className={cn('px-4 py-3', numeric && 'text-right tabular-nums', className)} {...rest} />;
}
