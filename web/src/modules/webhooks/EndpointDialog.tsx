// The endpoint form, to register one or change it: its address, a description, and the event
// types it takes as a checklist by area, or every type (also those to come, `*`). The server's
// rules are checked ahead of it; what it still refuses shows at the field it names.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { cn } from '@/ui/cn';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { ErrorState } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { useEventTypesQuery } from './api';
import { webhookKeys } from './keys';
import {
  DESCRIPTION_MAX,
  URL_MAX,
  createBody,
  emptyForm,
  eventLabel,
  formFaults,
  formOf,
  groupTypes,
  patchBody,
  serverFaults,
  type Endpoint,
  type EndpointForm,
  type EndpointWithSecret,
  type FormField,
} from './model';

const FORM_ID = 'webhook-endpoint-form';

interface Props {
  /** The endpoint to change; none to register a new one. */
  endpoint?: Endpoint;
  onClose: () => void;
  /** A new endpoint, with its secret to show once. */
  onCreated?: (made: EndpointWithSecret) => void;
}

export function EndpointDialog({ endpoint, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [initial] = useState<EndpointForm>(() => (endpoint ? formOf(endpoint) : emptyForm()));
  const [form, setForm] = useState<EndpointForm>(initial);
  const [faults, setFaults] = useState<Partial<Record<FormField, string>>>({});
  const urlRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLInputElement>(null);
  const typesRef = useRef<HTMLInputElement>(null);
  // The first field at fault takes the focus, so a long form scrolls to what needs fixing.
  const show = (found: Partial<Record<FormField, string>>) => {
    setFaults(found);
    const first = (['url', 'description', 'eventTypes'] as const).find((f) => found[f]);
    if (first) ({ url: urlRef, description: descriptionRef, eventTypes: typesRef })[first].current?.focus();
  };
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const unsaved = useUnsavedChanges(dirty);

  const change = (patch: Partial<EndpointForm>, field: FormField) => {
    setForm((f) => ({ ...f, ...patch }));
    setFaults((fs) => ({ ...fs, [field]: undefined }));
  };

  const save = useMutation({
    mutationFn: async (f: EndpointForm) => {
      if (endpoint) {
        return unwrap(
          api.PATCH('/api/v1/webhooks/endpoints/{id}', { params: { path: { id: endpoint.id }, header: ifMatch(endpoint.version) }, body: patchBody(f) }),
        );
      }
      return unwrap(api.POST('/api/v1/webhooks/endpoints', { body: createBody(f) }));
    },
    onSuccess: (saved) => {
      unsaved.release();
      void qc.invalidateQueries({ queryKey: webhookKeys.endpoints() });
      if (endpoint) {
        toast.success(t('webhooks.form.saved'));
        onClose();
      } else {
        onCreated?.(saved as EndpointWithSecret);
      }
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        // Someone changed it meanwhile: theirs is kept, and the page shows it.
        unsaved.release();
        toast.error(t('conflict.title'), t('conflict.body'));
        void qc.invalidateQueries({ queryKey: webhookKeys.endpoints() });
        onClose();
        return;
      }
      const { faults: fromServer, rest } = serverFaults(e);
      show(fromServer);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const submit = () => {
    const found = formFaults(form);
    if (Object.keys(found).length > 0) {
      show(found);
      return;
    }
    save.mutate(form);
  };

  const err = (field: FormField) => (faults[field] ? fieldText(t, faults[field]) : undefined);
  const close = () => {
    unsaved.release();
    onClose();
  };
  return (
    <>
      <Dialog
        open
        onOpenChange={(o) => !o && close()}
        dirty={dirty}
        title={endpoint ? t('webhooks.form.editTitle') : t('webhooks.new')}
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" form={FORM_ID} loading={save.isPending}>
              {endpoint ? t('common.save') : t('webhooks.form.create')}
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
          <Input
            ref={urlRef}
            label={t('webhooks.form.url')}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://integrador.example.com/innexar"
            maxLength={URL_MAX}
            hint={t('webhooks.form.urlHint')}
            error={err('url')}
            value={form.url}
            onChange={(e) => change({ url: e.target.value }, 'url')}
          />
          <Input
            ref={descriptionRef}
            label={t('webhooks.form.description')}
            placeholder={t('webhooks.form.descriptionPlaceholder')}
            maxLength={DESCRIPTION_MAX}
            error={err('description')}
            value={form.description}
            onChange={(e) => change({ description: e.target.value }, 'description')}
          />
          <EventTypesField
            allRef={typesRef}
            form={form}
            extra={endpoint?.eventTypes ?? []}
            error={err('eventTypes')}
            onChange={(patch) => change(patch, 'eventTypes')}
          />
        </form>
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}

/** The checklist: every type (`*`) first, then the catalogue by area, each area with its own "all". */
function EventTypesField({
  allRef,
  form,
  extra,
  error,
  onChange,
}: {
  /** The "all" box, which takes the focus when no type is chosen. */
  allRef: RefObject<HTMLInputElement | null>;
  form: EndpointForm;
  /** Types the endpoint has that the catalogue may no longer list: shown, to be unticked. */
  extra: readonly string[];
  error: string | undefined;
  onChange: (patch: Partial<EndpointForm>) => void;
}) {
  const { t } = useTranslation();
  const catalogue = useEventTypesQuery();
  const errorId = 'webhook-event-types-error';
  const picked = new Set(form.types);
  const toggle = (types: string[], on: boolean) =>
    onChange({ types: on ? [...new Set([...form.types, ...types])] : form.types.filter((x) => !types.includes(x)) });

  let body;
  if (catalogue.isError) {
    body = <ErrorState compact message={problemText(t, catalogue.error)} retrying={catalogue.isFetching} onRetry={() => void catalogue.refetch()} />;
  } else if (!catalogue.data) {
    body = <Skeleton className="h-40" />;
  } else {
    const known = new Set(catalogue.data);
    const all = [...catalogue.data, ...extra.filter((x) => x !== '*' && !known.has(x))];
    body = (
      <div className="space-y-3">
        {groupTypes(all).map((g) => (
          <AreaGroup key={g.area} label={t(`webhooks.areas.${g.area}`)} types={g.types} picked={picked} everything={form.all} onToggle={toggle} />
        ))}
      </div>
    );
  }
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined} className="space-y-3">
      <legend className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-300">{t('webhooks.form.eventTypes')}</legend>
      <label className="flex min-h-11 items-start gap-3 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-700">
        <input ref={allRef} type="checkbox" className="mt-0.5 h-4 w-4 shrink-0" checked={form.all} onChange={(e) => onChange({ all: e.target.checked })} />
        <span>
          <span className="block font-medium">{t('webhooks.types.all')}</span>
          <span className="block text-xs text-slate-600 dark:text-slate-400">{t('webhooks.form.allTypesHint')}</span>
        </span>
      </label>
      {error && (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {body}
    </fieldset>
  );
}

function AreaGroup({
  label,
  types,
  picked,
  everything,
  onToggle,
}: {
  label: string;
  types: string[];
  picked: ReadonlySet<string>;
  /** Every type is taken (`*`): the boxes show it and wait, unchangeable, for it to be unticked. */
  everything: boolean;
  onToggle: (types: string[], on: boolean) => void;
}) {
  const { t } = useTranslation();
  const count = types.filter((x) => picked.has(x)).length;
  const whole = useRef<HTMLInputElement>(null);
  const some = !everything && count > 0 && count < types.length;
  useEffect(() => {
    if (whole.current) whole.current.indeterminate = some;
  }, [some]);
  const row = 'flex min-h-11 items-center gap-3 rounded-md px-2 text-sm md:min-h-9';
  return (
    <fieldset className="rounded-md border border-slate-200 p-2 dark:border-slate-800" disabled={everything}>
      <legend className="sr-only">{label}</legend>
      <label className={cn(row, 'font-medium')}>
        <input
          ref={whole}
          type="checkbox"
          className="h-4 w-4 shrink-0"
          checked={everything || count === types.length}
          onChange={(e) => onToggle(types, e.target.checked)}
          aria-label={t('webhooks.form.areaAll', { area: label })}
        />
        <span aria-hidden>{label}</span>
      </label>
      <ul className="ml-4 border-l border-slate-200 pl-2 dark:border-slate-800">
        {types.map((type) => (
          <li key={type}>
            <label className={row}>
              <input type="checkbox" className="h-4 w-4 shrink-0" checked={everything || picked.has(type)} onChange={(e) => onToggle([type], e.target.checked)} />
              <span className="min-w-0">
                {eventLabel(t, type)} <code className="block break-words font-mono text-xs text-slate-600 md:inline dark:text-slate-400">{type}</code>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
