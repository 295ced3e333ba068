// The words being written as they would be sent, with the server's sample values: an e-mail's
// subject and HTML part in a sandboxed frame (as the mailbox shows it), an SMS as a bubble with how
// many characters and SMS it takes, a WhatsApp message as a bubble with the template to register
// with Meta and what each of its numbers stands for. While the words have a fault the last good
// preview stays, framed as stale, and the live region says why there is no new one.
import { useTranslation } from 'react-i18next';
import { Copy, Loader2 } from 'lucide-react';
import { formatNumber } from '@/lib/format';
import { Button } from '@/ui/Button';
import { cn } from '@/ui/cn';
import { useCopy } from './CopyField';
import { channelName, smsSize, variableLabel, type Preview, type TemplateChannel } from './template';

const muted = 'text-slate-600 dark:text-slate-400';

interface Props {
  /** The kind of message, whose variables are named. */
  kind: string;
  channel: TemplateChannel;
  /** The last preview of words without faults (null until the first comes). */
  preview: Preview | null;
  /** Why the words being written have no preview; null when they have one. */
  failure: string | null;
  /** A preview of newer words is on its way. */
  updating: boolean;
}

export function TemplatePreview({ kind, channel, preview, failure, updating }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="template-preview-title" className="space-y-3 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="template-preview-title" className="text-lg font-semibold">
          {t('templates.preview.title')}
        </h2>
        {updating && (
          <span className={cn('inline-flex items-center gap-1 text-sm', muted)}>
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden />
            {t('templates.preview.updating')}
          </span>
        )}
      </div>
      <p className={cn('text-sm', muted)}>{t('templates.preview.hint')}</p>
      <div role="status" aria-live="polite" aria-atomic="true">
        {failure && (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <p>{t('templates.preview.failed', { reason: failure })}</p>
            {preview && <p className="mt-1">{t('templates.preview.stale')}</p>}
          </div>
        )}
      </div>
      {preview && (
        // Stale, it is framed by a dashed line rather than dimmed, so its text keeps its contrast.
        <div className={cn('space-y-4 rounded-md', failure && 'outline-2 outline-offset-4 outline-amber-500 outline-dashed')}>
          {channel === 'email' ? <EmailPreview preview={preview} /> : <BubblePreview channel={channel} preview={preview} />}
          {channel === 'sms' && <SmsSize body={preview.body} />}
          {channel === 'whatsapp' && preview.whatsappTemplate && <MetaTemplate kind={kind} template={preview.whatsappTemplate} parameters={preview.whatsappParameters ?? []} />}
          <Sample kind={kind} sample={preview.sample} />
        </div>
      )}
    </section>
  );
}

function EmailPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-2">
      <p className="break-words text-sm">
        <span className={muted}>{t('templates.preview.subject')}</span> <span className="font-medium">{preview.subject}</span>
      </p>
      {preview.html ? (
        // No `allow-*` token: no scripts, no forms, an opaque origin without the app's session.
        <iframe
          sandbox=""
          srcDoc={preview.html}
          title={t('templates.preview.frameTitle', { subject: preview.subject })}
          className="block h-[28rem] w-full rounded-md border border-slate-200 bg-white dark:border-slate-700"
        />
      ) : (
        <p className="whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-4 text-sm dark:border-slate-700 dark:bg-slate-950">{preview.body}</p>
      )}
    </div>
  );
}

function BubblePreview({ channel, preview }: { channel: 'sms' | 'whatsapp'; preview: Preview }) {
  const { t } = useTranslation();
  return (
    <figure aria-label={t('templates.preview.bubble', { channel: channelName(t, channel) })} className="flex flex-col items-end rounded-md bg-slate-50 p-4 dark:bg-slate-950">
      <p
        className={cn(
          'max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm px-4 py-2 text-sm shadow-sm',
          channel === 'whatsapp'
            ? 'bg-green-100 text-green-950 dark:bg-green-900 dark:text-green-50'
            : 'bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700',
        )}
      >
        {preview.body}
      </p>
    </figure>
  );
}

function SmsSize({ body }: { body: string }) {
  const { t } = useTranslation();
  const size = smsSize(body);
  return (
    <div className="text-sm">
      <p className="font-medium tabular-nums">{t('templates.preview.smsSize', { count: size.parts, length: formatNumber(size.length) })}</p>
      <p className={muted}>
        {size.encoding === 'gsm'
          ? t('templates.preview.smsGsm', { perPart: size.perPart })
          : t('templates.preview.smsUnicode', { perPart: size.perPart, chars: size.others.slice(0, 5).join(' ') })}
      </p>
    </div>
  );
}

function MetaTemplate({ kind, template, parameters }: { kind: string; template: string; parameters: string[] }) {
  const { t } = useTranslation();
  const copy = useCopy();
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-medium">{t('templates.preview.whatsappTitle')}</h3>
        <Button size="sm" variant="ghost" aria-label={t('templates.preview.copy')} title={t('templates.preview.copy')} onClick={() => copy(template, t('templates.preview.copied'))}>
          <Copy className="h-4 w-4" aria-hidden />
        </Button>
      </div>
      <p className={cn('text-sm', muted)}>{t('templates.preview.whatsappIntro')}</p>
      <pre className="whitespace-pre-wrap break-words rounded bg-slate-100 p-3 font-mono text-sm text-slate-900 dark:bg-slate-950 dark:text-slate-100">{template}</pre>
      {parameters.length > 0 && (
        <div>
          <h4 className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{t('templates.preview.whatsappParameters')}</h4>
          <ol aria-label={t('templates.preview.whatsappParameters')} className="mt-1 space-y-1 text-sm">
            {parameters.map((p, i) => (
              <li key={p} className="flex gap-2">
                <code className="font-mono text-slate-700 dark:text-slate-300">{`{{${i + 1}}}`}</code>
                <span>{variableLabel(t, p, kind)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function Sample({ kind, sample }: { kind: string; sample: Preview['sample'] }) {
  const { t } = useTranslation();
  const entries = Object.entries(sample as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 text-sm dark:border-slate-800">
      <summary className="flex min-h-11 cursor-pointer items-center px-3 font-medium md:min-h-9">{t('templates.preview.sample')}</summary>
      <dl className="divide-y divide-slate-100 border-t border-slate-200 px-3 dark:divide-slate-800 dark:border-slate-800">
        {entries.map(([name, value]) => (
          <div key={name} className="flex flex-wrap justify-between gap-x-4 py-1.5">
            <dt className={muted}>{variableLabel(t, name, kind)}</dt>
            <dd className="break-all">{typeof value === 'boolean' ? t(value ? 'templates.preview.yes' : 'templates.preview.no') : String(value)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
