import type { ReactNode } from 'react';
import { Inbox } from 'lucide-react';

export function EmptyState({ title, children, action }: { title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center">
      <Inbox className="h-10 w-10 text-slate-400" aria-hidden />
      <p className="font-medium">{title}</p>
      {children && <p className="max-w-sm text-sm text-slate-600 dark:text-slate-400">{children}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
