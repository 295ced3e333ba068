// What the sales settings' cards share: a titled section around a card, a list of records edited
// one at a time in its place, the texts of a form's faults, the split of a server refusal into
// field errors and the rest, a percentage input and a checkbox row.
import { forwardRef, useState, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Plus } from 'lucide-react';
import { isApiError } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Input, type InputProps } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import type { Faults } from './model';

export function Section({ id, title, intro, action, children }: { id: string; title: string; intro?: ReactNode; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        {action}
      </div>
      {intro && <p className="mb-3 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      <Card>{children}</Card>
    </section>
  );
}

/**
 * A section listing records (plans, rate tables) with a "new" button; the editor of one, a new
 * one (null) or one of the list, takes the list's place until it is done.
 */
export function EditableList<T extends { id: string }>({
  id,
  title,
  intro,
  newLabel,
  query,
  empty,
  item,
  editor,
}: {
  id: string;
  title: string;
  intro: ReactNode;
  newLabel: string;
  query: UseQueryResult<{ items: T[] }>;
  empty: { title: string; body: string };
  item: (record: T, edit: () => void) => ReactNode;
  editor: (record: T | null, done: () => void) => ReactNode;
}) {
  // Null: the list; `{ id: null }`: a new record; else the one with that id.
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const current = editing?.id ? (query.data?.items.find((r) => r.id === editing.id) ?? null) : null;
  return (
    <Section
      id={id}
      title={title}
      intro={intro}
      action={
        editing === null && (
          <Button onClick={() => setEditing({ id: null })}>
            <Plus className="h-4 w-4" aria-hidden />
            {newLabel}
          </Button>
        )
      }
    >
      {editing !== null ? (
        editor(current, () => setEditing(null))
      ) : (
        <QueryView query={query} compact skeleton={<Skeleton className="m-4 h-24" />}>
          {(d) =>
            d.items.length === 0 ? (
              <EmptyState title={empty.title}>{empty.body}</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">{d.items.map((r) => item(r, () => setEditing({ id: r.id })))}</ul>
            )
          }
        </QueryView>
      )}
    </Section>
  );
}

/** A fault's text: the settings' own (`salesAdmin.faults.*`) or a code's, server or client. */
export function faultText(t: TFunction, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return code.startsWith('salesAdmin.') ? t(code) : fieldText(t, code);
}

/**
 * A refusal as the form shows it: each field error the form has a field for (`place` gives the
 * field's path, or null) on that field, and the rest as one text above the form (null when every
 * part found its field). Only the app's own texts: never the server's words.
 */
export function placeFaults(t: TFunction, error: unknown, place: (pointer: string, code: string) => string | null): { faults: Faults; rest: string | null } {
  if (!isApiError(error) || error.fieldErrors.length === 0) return { faults: {}, rest: problemText(t, error) };
  const faults: Faults = {};
  const unplaced: string[] = [];
  for (const fe of error.fieldErrors) {
    const path = place(fe.pointer, fe.code);
    if (path && !faults[path]) faults[path] = fe.code;
    else if (!path) unplaced.push(fieldText(t, fe.code));
  }
  return { faults, rest: unplaced.length > 0 ? [...new Set(unplaced)].join(' ') : null };
}

export function FormProblem({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      {children}
    </p>
  );
}

/** A percentage typed with a comma or a point (`1,79`); the API gets a fraction from it. */
export const PercentInput = forwardRef<HTMLInputElement, InputProps>(function PercentInput(props, ref) {
  return <Input ref={ref} inputMode="decimal" autoComplete="off" {...props} />;
});

export function CheckboxRow({ label, checked, onChange }: { label: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
      <input type="checkbox" className="h-4 w-4 shrink-0" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
