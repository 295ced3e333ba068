// One channel on the channels' page. Not set up: what it takes and "Configurar". Set up: whether
// it sends, its account and token's last characters, what to paste into the provider's console for
// its callbacks (and, for WhatsApp, the templates to register), and what the Owner does with it:
// edit, enable or disable, send a test, remove.
import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MessageCircle, Pause, Pencil, Play, Send, Settings2, Smartphone, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { useToast } from '@/ui/Toast';
import { saveChannel, withSaved } from './api';
import { ChannelDialog } from './ChannelDialog';
import { CopyField } from './CopyField';
import { channelKeys } from './keys';
import { PROVIDER, toggledInput, type Channel, type ChannelSettings } from './model';
import { Templates } from './Templates';
import { TestDialog } from './TestDialog';

const ICONS = { sms: Smartphone, whatsapp: MessageCircle } as const;

type Open = 'form' | 'test' | 'remove' | null;

export function ChannelCard({ channel, settings }: { channel: Channel; settings: ChannelSettings | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const wasSetUp = useRef(settings !== null);
  useEffect(() => {
    const setUp = settings !== null;
    if (setUp === wasSetUp.current) return;
    wasSetUp.current = setUp;
    // Set up or removed, the button that opened the dialog is gone: the card's title takes the
    // focus the dialog would have given back to it, so a keyboard user stays on this channel.
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
    });
  }, [settings]);
  const Icon = ICONS[channel];
  const name = t(`channels.names.${channel}`);
  const provider = t(`channels.providers.${PROVIDER[channel]}`);
  return (
    <Card>
      <section aria-labelledby={titleId}>
        <header className="flex flex-wrap items-start gap-3 border-b border-slate-100 p-4 dark:border-slate-800">
          <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-700 dark:bg-slate-800 dark:text-brand-100">
            <Icon className="h-5 w-5" aria-hidden />
          </span>
          <div className="min-w-0 flex-1">
            <h2 id={titleId} ref={heading} tabIndex={-1} className="text-lg font-semibold leading-tight outline-none">
              {name}
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('channels.via', { provider })}</p>
          </div>
          <Badge tone={!settings ? 'gray' : settings.enabled ? 'green' : 'amber'}>
            {!settings ? t('channels.state.notSetUp') : settings.enabled ? t('channels.state.enabled') : t('channels.state.disabled')}
          </Badge>
        </header>
        {settings ? (
          <SetUp channel={channel} settings={settings} onOpen={setOpen} />
        ) : (
          <div className="space-y-3 p-4">
            <p className="text-sm text-slate-700 dark:text-slate-300">{t(`channels.notSetUp.${channel}`)}</p>
            <Button aria-label={t('channels.setUpLabel', { channel: name })} onClick={() => setOpen('form')}>
              <Settings2 className="h-4 w-4" aria-hidden />
              {t('channels.setUp')}
            </Button>
          </div>
        )}
      </section>
      {open === 'form' && <ChannelDialog channel={channel} settings={settings} onClose={() => setOpen(null)} />}
      {open === 'test' && <TestDialog channel={channel} onClose={() => setOpen(null)} />}
      {open === 'remove' && settings && <RemoveDialog channel={channel} settings={settings} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function SetUp({ channel, settings: s, onOpen }: { channel: Channel; settings: ChannelSettings; onOpen: (o: Open) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const name = t(`channels.names.${channel}`);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => saveChannel(channel, s, toggledInput(s, enabled)),
    onSuccess: (saved) => {
      qc.setQueryData<ChannelSettings[]>(channelKeys.list(), (list) => withSaved(list, saved));
      void qc.invalidateQueries({ queryKey: channelKeys.all });
      toast.success(saved.enabled ? t('channels.actions.enabled', { channel: name }) : t('channels.actions.disabled', { channel: name }));
    },
    onError: (e) => {
      void qc.invalidateQueries({ queryKey: channelKeys.all });
      if (isApiError(e) && e.status === 412) toast.error(t('conflict.title'), t('conflict.body'));
      else toast.error(t('errors.saveFailed'), problemText(t, e));
    },
  });
  const row = 'min-w-0 space-y-1';
  const label = 'text-sm text-slate-600 dark:text-slate-400';
  const account =
    channel === 'sms'
      ? [{ key: 'from', value: s.from }]
      : [
          { key: 'phoneNumberId', value: s.phoneNumberId },
          { key: 'businessAccountId', value: s.businessAccountId },
        ];
  return (
    <div className="space-y-5 p-4">
      {!s.enabled && <p className="text-sm text-amber-900 dark:text-amber-200">{t('channels.disabledNote', { channel: name })}</p>}
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        <Button variant="secondary" onClick={() => onOpen('form')}>
          <Pencil className="h-4 w-4" aria-hidden />
          {t('common.edit')}
        </Button>
        <Button variant="secondary" loading={toggle.isPending} onClick={() => toggle.mutate(!s.enabled)}>
          {!toggle.isPending && (s.enabled ? <Pause className="h-4 w-4" aria-hidden /> : <Play className="h-4 w-4" aria-hidden />)}
          {s.enabled ? t('channels.actions.disable') : t('channels.actions.enable')}
        </Button>
        <Button
          variant="secondary"
          className="disabled:opacity-50"
          disabled={!s.enabled}
          title={s.enabled ? undefined : t('channels.actions.enableFirst')}
          onClick={() => onOpen('test')}
        >
          <Send className="h-4 w-4" aria-hidden />
          {t('channels.actions.test')}
        </Button>
        <Button variant="secondary" className="text-red-700 dark:text-red-400" onClick={() => onOpen('remove')}>
          <Trash2 className="h-4 w-4" aria-hidden />
          {t('channels.actions.remove')}
        </Button>
      </div>
      <div>
        <h3 className="mb-2 font-medium">{t('channels.account.title')}</h3>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {account.map((a) => (
            <div key={a.key} className={row}>
              <dt className={label}>{t(`channels.account.${a.key}`)}</dt>
              <dd className="break-all font-mono text-sm">{a.value || <span className="font-sans text-slate-600 dark:text-slate-400">{t('channels.account.none')}</span>}</dd>
            </div>
          ))}
          <div className={row}>
            <dt className={label}>{t('channels.account.token')}</dt>
            <dd className="text-sm">
              <span aria-hidden className="font-mono">
                ••••{s.tokenHint}
              </span>
              <span className="sr-only">{t('channels.account.tokenHint', { hint: s.tokenHint })}</span>
            </dd>
          </div>
          <div className={row}>
            <dt className={label}>{t('channels.account.updatedAt')}</dt>
            <dd className="text-sm">{formatDateTime(s.updatedAt)}</dd>
          </div>
        </dl>
      </div>
      <div className="space-y-3">
        <h3 className="font-medium">{t('channels.callback.title')}</h3>
        <p className="text-sm text-slate-700 dark:text-slate-300">{t(`channels.callback.${s.provider}`)}</p>
        <CopyField label={t('channels.callback.url')} value={s.callbackUrl} />
        <CopyField label={channel === 'sms' ? t('channels.callback.tokenZenvia') : t('channels.callback.tokenWhatsapp')} value={s.callbackToken} />
      </div>
      {channel === 'whatsapp' && s.templates.length > 0 && <Templates templates={s.templates} />}
    </div>
  );
}

function RemoveDialog({ channel, settings, onClose }: { channel: Channel; settings: ChannelSettings; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const name = t(`channels.names.${channel}`);
  const gone = () => {
    qc.setQueryData<ChannelSettings[]>(channelKeys.list(), (list) => list?.filter((c) => c.channel !== channel));
    void qc.invalidateQueries({ queryKey: channelKeys.all });
    onClose();
  };
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/messages/channels/{channel}', { params: { path: { channel }, header: ifMatch(settings.version) } })),
    onSuccess: () => {
      toast.success(t('channels.remove.done', { channel: name }));
      gone();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 404) return gone();
      onClose();
      void qc.invalidateQueries({ queryKey: channelKeys.all });
      if (isApiError(e) && e.status === 412) toast.error(t('conflict.title'), t('conflict.body'));
      else toast.error(t('channels.remove.failed'), problemText(t, e));
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('channels.remove.title', { channel: name })}
      description={t('channels.remove.body', { channel: name, provider: t(`channels.providers.${PROVIDER[channel]}`) })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('channels.remove.confirm')}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
