import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { actionText, actorText, changeLines, recordOf, type AuditEntry, type ChangeLine, type Lookups } from './entries';

/** Past this many fields, the changes fold under a summary ("12 campos alterados"). */
const OPEN_LINES = 6;

/** One entry of the log: what was done to which record, by whom and when, and what changed. */
export function AuditEntryItem({ entry, lookups }: { entry: AuditEntry; lookups: Lookups }) {
  const { t } = useTranslation();
  const actor = actorText(t, entry, lookups);
  const record = recordOf(t, entry, lookups);
  const lines = changeLines(t, entry, lookups);
  const link = 'font-medium text-brand-700 underline underline-offset-2 dark:text-brand-100';
  return (
    <li className="space-y-2 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="min-w-0">
          <span className="font-semibold">{actionText(t, entry.action)}</span>
          <span className="text-slate-600 dark:text-slate-400"> · {record.kind}</span>
          {(record.label || record.to) && (
            <>
              {': '}
              {record.to ? (
                <Link to={record.to} className={link}>
                  {record.label ?? record.linkText}
                </Link>
              ) : (
                <span className="font-medium">{record.label}</span>
              )}
            </>
          )}
        </p>
        <time dateTime={entry.occurredAt} className="shrink-0 text-sm tabular-nums text-slate-600 dark:text-slate-400">
          {formatDateTime(entry.occurredAt)}
        </time>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span className="sr-only">{t('audit.who')}: </span>
        {actor.name}
        {actor.detail && <span className="text-slate-600 dark:text-slate-400"> ({actor.detail})</span>}
      </p>
      {lines.length > 0 &&
        (lines.length <= OPEN_LINES ? (
          <Changes lines={lines} />
        ) : (
          <details className="text-sm">
            <summary className="cursor-pointer py-1 text-brand-700 dark:text-brand-100">{t('audit.changed', { count: lines.length })}</summary>
            <Changes lines={lines} />
          </details>
        ))}
    </li>
  );
}

function Changes({ lines }: { lines: ChangeLine[] }) {
  const { t } = useTranslation();
  return (
    <dl className="grid gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr] dark:bg-slate-800/50">
      {lines.map((l) => (
        <div key={l.field} className="contents">
          <dt className="font-medium text-slate-700 dark:text-slate-300">{l.label}</dt>
          <dd className="mb-1 min-w-0 break-words sm:mb-0">
            {l.before !== null && l.after !== null ? (
              <>
                <span className="sr-only">{t('audit.before')}: </span>
                <del className="text-red-800 decoration-red-400 dark:text-red-300">{l.before}</del>
                <span aria-hidden className="px-1.5 text-slate-500">→</span>
                <span className="sr-only">, {t('audit.after')}: </span>
                <ins className="font-medium text-green-800 no-underline dark:text-green-300">{l.after}</ins>
              </>
            ) : l.after !== null ? (
              <span>{l.after}</span>
            ) : (
              <del className="text-red-800 decoration-red-400 dark:text-red-300">{l.before}</del>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
