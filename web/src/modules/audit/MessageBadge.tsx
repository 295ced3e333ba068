// A message's status as a badge, and its channel as an icon with its name.
import { useTranslation } from 'react-i18next';
import { Mail, MessageCircle, Smartphone } from 'lucide-react';
import { Badge } from '@/ui/Badge';
import { STATUS_TONE, channelLabel, messageChannel, messageStatus, statusLabel } from './mailbox';

/** Na fila, Guardada, Enviada, Entregue, Lida, Falhou, Sem consentimento. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const s = messageStatus(status);
  return <Badge tone={s ? STATUS_TONE[s] : 'gray'}>{statusLabel(t, status)}</Badge>;
}

const ICONS = { email: Mail, sms: Smartphone, whatsapp: MessageCircle } as const;

/** "E-mail", "SMS" or "WhatsApp" after its icon. */
export function ChannelName({ channel }: { channel: string }) {
  const { t } = useTranslation();
  const c = messageChannel(channel);
  const Icon = c ? ICONS[c] : Mail;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <Icon className="h-4 w-4 shrink-0 text-slate-500 dark:text-slate-400" aria-hidden />
      {channelLabel(t, channel)}
    </span>
  );
}
