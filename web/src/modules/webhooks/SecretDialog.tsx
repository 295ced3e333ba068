// An endpoint's signing secret, shown the one time the server gives it (when the endpoint is made
// or its secret replaced): copied from here, never kept by the app; and how a receiver checks it.
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Copy } from 'lucide-react';
import { formatDateTime } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { useToast } from '@/ui/Toast';

export function SecretDialog({
  title,
  secret,
  previousUntil,
  onDone,
}: {
  title: string;
  secret: string;
  /** After a rotation: until when the replaced secret still signs beside this one. */
  previousUntil?: string | null | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const copy = () => {
    const failed = () => toast.error(t('webhooks.secret.copyFailed'));
    if (!navigator.clipboard) return failed();
    navigator.clipboard.writeText(secret).then(() => toast.success(t('webhooks.secret.copied')), failed);
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onDone()} title={title} footer={<Button onClick={onDone}>{t('webhooks.secret.understood')}</Button>}>
      <div className="space-y-4 text-sm">
        <p role="alert" className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          {t('webhooks.secret.shownOnce')}
        </p>
        <Input label={t('webhooks.secret.label')} readOnly value={secret} className="[&_input]:font-mono" onFocus={(e) => e.target.select()} />
        <Button variant="secondary" onClick={copy}>
          <Copy className="h-4 w-4" aria-hidden />
          {t('webhooks.secret.copy')}
        </Button>
        {previousUntil && <p className="text-slate-700 dark:text-slate-300">{t('webhooks.secret.previousUntil', { date: formatDateTime(previousUntil) })}</p>}
        <VerifyHint />
      </div>
    </Dialog>
  );
}

/** How a receiver knows a delivery came from Innexar, unchanged and only once. */
export function VerifyHint({ collapsible = false }: { collapsible?: boolean }) {
  const { t } = useTranslation();
  const code = 'rounded bg-slate-100 px-1 font-mono text-xs text-slate-900 dark:bg-slate-800 dark:text-slate-100';
  const steps = (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
      <li>
        {t('webhooks.verify.header')} <code className={code}>Innexar-Signature: t=…,v1=…</code>
      </li>
      <li>
        {t('webhooks.verify.hmac')} <code className={code}>{t('webhooks.verify.signed')}</code>
      </li>
      <li>{t('webhooks.verify.age')}</li>
      <li>
        {t('webhooks.verify.dedup')} <code className={code}>Innexar-Event-Id</code>
      </li>
    </ul>
  );
  if (collapsible) {
    return (
      <details className="rounded-md border border-slate-200 p-4 text-sm dark:border-slate-800">
        <summary className="flex min-h-11 cursor-pointer items-center font-medium md:min-h-0">{t('webhooks.verify.title')}</summary>
        {steps}
      </details>
    );
  }
  return (
    <section aria-label={t('webhooks.verify.title')}>
      <p className="font-medium">{t('webhooks.verify.title')}</p>
      {steps}
    </section>
  );
}
