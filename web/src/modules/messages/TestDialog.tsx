// "Enviar teste": a short message by the channel to a number the Owner gives (their own), queued
// like any other; where it went is the mailbox's to show, so the answer links to it there.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CheckCircle2, Mail } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { fieldText, problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { PHONE_MAX, phoneFault, type Channel } from './model';

const FORM_ID = 'message-channel-test-form';

/** The mailbox, showing the channel's messages with this one open. */
export function mailboxLink(channel: Channel, messageId: string): string {
  return `/admin/messages?${new URLSearchParams({ channel, message: messageId })}`;
}

/** The code of the server's fault with the number, when that is what it refused. */
function toFault(error: unknown): string | undefined {
  return isApiError(error) ? error.fieldErrors.find((f) => f.pointer === '/to')?.code : undefined;
}

export function TestDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [to, setTo] = useState('');
  const [fault, setFault] = useState<string | null>(null);
  const name = t(`channels.names.${channel}`);
  const send = useMutation({
    mutationFn: (number: string) => unwrap(api.POST('/api/v1/messages/channels/{channel}/test', { params: { path: { channel } }, body: { to: number } })),
    onError: (e) => {
      const onField = toFault(e);
      if (onField) setFault(onField);
    },
  });
  const sent = send.data;
  // A refusal that is not about the number (the channel was disabled or removed meanwhile).
  const refused = send.error && !toFault(send.error) ? send.error : null;

  if (sent) {
    return (
      // A key of its own: React would otherwise reuse the form's "Cancelar" for it, whose colours
      // then fade from white to the brand's under white text.
      <Dialog
        open
        onOpenChange={(o) => !o && onClose()}
        title={t('channels.test.title', { channel: name })}
        footer={
          <Button key="done" onClick={onClose}>
            {t('common.done')}
          </Button>
        }
      >
        <div role="status" className="flex gap-3 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-950 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
          <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0" aria-hidden />
          <div className="min-w-0 space-y-1">
            <p className="break-words font-medium">{t('channels.test.queued', { to: sent.recipient })}</p>
            <p>{t('channels.test.queuedBody')}</p>
          </div>
        </div>
        {can('messages.read') && (
          <Link
            to={mailboxLink(channel, sent.id)}
            className="mt-4 inline-flex min-h-11 items-center gap-2 text-sm font-medium text-brand-700 underline md:min-h-0 dark:text-brand-100"
          >
            <Mail className="h-4 w-4" aria-hidden />
            {t('channels.test.open')}
          </Link>
        )}
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('channels.test.title', { channel: name })}
      description={t('channels.test.body')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={FORM_ID} loading={send.isPending}>
            {t('channels.test.send')}
          </Button>
        </>
      }
    >
      <form
        id={FORM_ID}
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = phoneFault(to);
          setFault(f);
          if (!f) send.mutate(to.trim());
        }}
      >
        {refused && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            <span className="font-medium">{t('channels.test.refused')}:</span> {problemText(t, refused)}
          </p>
        )}
        <Input
          label={t('channels.test.to')}
          hint={t('channels.test.toHint')}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="(11) 98765-4321"
          maxLength={PHONE_MAX}
          value={to}
          error={fault ? fieldText(t, fault) : undefined}
          onChange={(e) => {
            setTo(e.target.value);
            setFault(null);
          }}
        />
      </form>
    </Dialog>
  );
}
