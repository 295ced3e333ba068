// A channel's settings form, to set it up or change it: SMS by Zenvia (the sender id and the API
// token) or WhatsApp by Meta (the phone number's id, the business account's, the access token, the
// app secret and, once set up, a template name per kind). Secrets are never shown: left blank on
// an edit, the server keeps the ones in use. The form's rules are checked ahead of the server;
// what it still refuses shows at the field its pointer names.
import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { kindLabel } from '@/modules/audit/mailbox';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { saveChannel, withSaved } from './api';
import { channelKeys } from './keys';
import {
  ACCOUNT_ID_MAX,
  APP_SECRET_MAX,
  FROM_MAX,
  PROVIDER,
  TOKEN_MAX,
  defaultTemplateName,
  emptyForm,
  fieldOrder,
  formFaults,
  formOf,
  inputOf,
  serverFaults,
  type Channel,
  type ChannelForm,
  type ChannelSettings,
  type FormFaults,
  type FormField,
} from './model';

const FORM_ID = 'message-channel-form';

/** Fields whose "invalid" has words of its own (what the server's rule is), not just "invalid value". */
const OWN_WORDS = ['from', 'phoneNumberId', 'businessAccountId', 'token', 'appSecret'];

/** The text of a field's fault: its own words for a broken rule, else the code's text. */
export function faultText(t: TFunction, field: FormField, code: string): string {
  if (code === 'field.invalid' && OWN_WORDS.includes(field)) return t(`channels.faults.${field}.invalid`);
  return fieldText(t, code);
}

interface Props {
  channel: Channel;
  /** The settings to change; null to set the channel up. */
  settings: ChannelSettings | null;
  onClose: () => void;
}

export function ChannelDialog({ channel, settings, onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [initial] = useState<ChannelForm>(() => (settings ? formOf(settings) : emptyForm()));
  const [form, setForm] = useState<ChannelForm>(initial);
  const [faults, setFaults] = useState<FormFaults>({});
  const fields = useRef<Partial<Record<FormField, HTMLInputElement | null>>>({});
  const kinds = settings?.templates.map((tp) => tp.kind) ?? [];
  const name = t(`channels.names.${channel}`);
  const provider = t(`channels.providers.${PROVIDER[channel]}`);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const unsaved = useUnsavedChanges(dirty);

  // The first field at fault takes the focus, so a long form scrolls to what needs fixing.
  const show = (found: FormFaults) => {
    setFaults(found);
    const first = fieldOrder(channel, kinds).find((f) => found[f]);
    if (first) fields.current[first]?.focus();
  };
  const change = (patch: Partial<ChannelForm>, field?: FormField) => {
    setForm((f) => ({ ...f, ...patch }));
    if (field) setFaults((fs) => ({ ...fs, [field]: undefined }));
  };

  const save = useMutation({
    mutationFn: (f: ChannelForm) => saveChannel(channel, settings, inputOf(channel, f)),
    onSuccess: (saved) => {
      unsaved.release();
      qc.setQueryData<ChannelSettings[]>(channelKeys.list(), (list) => withSaved(list, saved));
      void qc.invalidateQueries({ queryKey: channelKeys.all });
      toast.success(t('channels.form.saved', { channel: name }));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        // Someone changed or set it up meanwhile: theirs is kept, and the page shows it.
        unsaved.release();
        toast.error(t('conflict.title'), t('conflict.body'));
        void qc.invalidateQueries({ queryKey: channelKeys.all });
        onClose();
        return;
      }
      const { faults: fromServer, rest } = serverFaults(e);
      show(fromServer);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const submit = () => {
    const found = formFaults(channel, form, settings === null);
    if (Object.keys(found).length > 0) return show(found);
    save.mutate(form);
  };
  const close = () => {
    unsaved.release();
    onClose();
  };
  const err = (field: FormField) => {
    const code = faults[field];
    return code ? faultText(t, field, code) : undefined;
  };
  const bind = (field: FormField) => ({
    ref: (el: HTMLInputElement | null) => {
      fields.current[field] = el;
    },
    error: err(field),
  });
  const secret = { type: 'password', autoComplete: 'off', spellCheck: false } as const;

  return (
    <>
      <Dialog
        open
        onOpenChange={(o) => !o && close()}
        dirty={dirty}
        title={settings ? t('channels.form.editTitle', { channel: name }) : t('channels.form.setUpTitle', { channel: name })}
        description={t('channels.form.provider', { provider })}
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" form={FORM_ID} loading={save.isPending}>
              {settings ? t('common.save') : t('channels.form.create')}
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
            submit();
          }}
        >
          {channel === 'sms' ? (
            <>
              <Input
                {...bind('from')}
                label={t('channels.form.from')}
                hint={t('channels.form.fromHint')}
                autoComplete="off"
                spellCheck={false}
                maxLength={FROM_MAX}
                value={form.from}
                onChange={(e) => change({ from: e.target.value }, 'from')}
              />
              <Input
                {...bind('token')}
                {...secret}
                label={t('channels.form.tokenZenvia')}
                hint={settings ? t('channels.form.tokenKeepHint', { hint: settings.tokenHint }) : t('channels.form.tokenNewHint')}
                maxLength={TOKEN_MAX}
                value={form.token}
                onChange={(e) => change({ token: e.target.value }, 'token')}
              />
            </>
          ) : (
            <>
              <Input
                {...bind('phoneNumberId')}
                label={t('channels.form.phoneNumberId')}
                hint={t('channels.form.phoneNumberIdHint')}
                inputMode="numeric"
                autoComplete="off"
                maxLength={ACCOUNT_ID_MAX}
                value={form.phoneNumberId}
                onChange={(e) => change({ phoneNumberId: e.target.value }, 'phoneNumberId')}
              />
              <Input
                {...bind('businessAccountId')}
                label={t('channels.form.businessAccountId')}
                hint={t('channels.form.businessAccountIdHint')}
                inputMode="numeric"
                autoComplete="off"
                maxLength={ACCOUNT_ID_MAX}
                value={form.businessAccountId}
                onChange={(e) => change({ businessAccountId: e.target.value }, 'businessAccountId')}
              />
              <Input
                {...bind('token')}
                {...secret}
                label={t('channels.form.tokenWhatsapp')}
                hint={settings ? t('channels.form.tokenKeepHint', { hint: settings.tokenHint }) : t('channels.form.tokenNewHint')}
                maxLength={TOKEN_MAX}
                value={form.token}
                onChange={(e) => change({ token: e.target.value }, 'token')}
              />
              <Input
                {...bind('appSecret')}
                {...secret}
                label={t('channels.form.appSecret')}
                hint={settings ? t('channels.form.appSecretKeepHint') : t('channels.form.appSecretNewHint')}
                maxLength={APP_SECRET_MAX}
                value={form.appSecret}
                onChange={(e) => change({ appSecret: e.target.value }, 'appSecret')}
              />
              {kinds.length > 0 && (
                <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
                  <legend className="px-1 text-sm font-medium text-slate-700 dark:text-slate-300">{t('channels.form.templateNames')}</legend>
                  <p className="text-xs text-slate-600 dark:text-slate-400">{t('channels.form.templateNamesHint')}</p>
                  {kinds.map((kind) => {
                    const field = `templateNames.${kind}` as const;
                    return (
                      <Input
                        key={kind}
                        {...bind(field)}
                        label={t('channels.form.templateName', { kind: kindLabel(t, kind) })}
                        placeholder={defaultTemplateName(kind)}
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={512}
                        className="[&_input]:font-mono"
                        value={form.templateNames[kind] ?? ''}
                        onChange={(e) => change({ templateNames: { ...form.templateNames, [kind]: e.target.value } }, field)}
                      />
                    );
                  })}
                </fieldset>
              )}
            </>
          )}
          <label className="flex min-h-11 items-start gap-3 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-700">
            <input type="checkbox" className="mt-0.5 h-4 w-4 shrink-0" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
            <span>
              <span className="block font-medium">{t('channels.form.enabled')}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">{t('channels.form.enabledHint')}</span>
            </span>
          </label>
        </form>
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
