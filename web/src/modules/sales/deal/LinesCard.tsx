// Accessories and services, and F&I products (warranty, insurance, protection): each a line with
// its price; their cost and the partner's return only for whoever sees costs (the margin).
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { fieldText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { blankFi, blankItem, FI_KINDS, ITEM_KINDS, type FiKind, type FiRow, type ItemKind, type ItemRow } from '../model';

function RemoveRow({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="ghost" aria-label={label} onClick={onClick} className="h-11 w-11 self-end px-0 text-red-700 md:h-10 md:w-10 dark:text-red-400">
      <Trash2 className="h-4 w-4" aria-hidden />
    </Button>
  );
}

interface ItemsProps {
  items: ItemRow[];
  onChange: (rows: ItemRow[]) => void;
  canSeeCost: boolean;
  errors: Record<string, string>;
}

export function ItemsCard({ items, onChange, canSeeCost, errors }: ItemsProps) {
  const { t } = useTranslation();
  const err = (k: string) => (errors[k] ? fieldText(t, errors[k]) : undefined);
  const set = (i: number, patch: Partial<ItemRow>) => onChange(items.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  return (
    <Card className="space-y-3 p-5">
      <h2 className="font-semibold">{t('deal.items.title')}</h2>
      {items.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.items.none')}</p>}
      {items.map((r, i) => (
        <div key={i} className={`grid items-start gap-2 ${canSeeCost ? 'sm:grid-cols-[9rem_1fr_9rem_9rem_auto]' : 'sm:grid-cols-[9rem_1fr_9rem_auto]'}`}>
          <Select
            label={t('deal.items.kind', { n: i + 1 })}
            value={r.kind}
            onChange={(e) => set(i, { kind: e.target.value as ItemKind })}
            options={ITEM_KINDS.map((k) => ({ value: k, label: t(`deal.items.kinds.${k}`) }))}
          />
          <Input label={t('deal.items.description', { n: i + 1 })} value={r.description} maxLength={120} error={err(`items.${i}.description`)} onChange={(e) => set(i, { description: e.target.value })} />
          <MoneyInput label={t('deal.items.price', { n: i + 1 })} value={r.priceCents} error={err(`items.${i}.priceCents`)} onChange={(cents) => set(i, { priceCents: cents })} />
          {canSeeCost && <MoneyInput label={t('deal.items.cost', { n: i + 1 })} value={r.costCents} error={err(`items.${i}.costCents`)} onChange={(cents) => set(i, { costCents: cents })} />}
          <RemoveRow label={t('deal.items.remove', { n: i + 1 })} onClick={() => onChange(items.filter((_, n) => n !== i))} />
        </div>
      ))}
      <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" disabled={items.length >= 30} onClick={() => onChange([...items, blankItem()])}>
        <Plus className="h-4 w-4" aria-hidden />
        {t('deal.items.add')}
      </Button>
    </Card>
  );
}

interface FiProps {
  products: FiRow[];
  onChange: (rows: FiRow[]) => void;
  canSeeCost: boolean;
  errors: Record<string, string>;
}

export function FiCard({ products, onChange, canSeeCost, errors }: FiProps) {
  const { t } = useTranslation();
  const err = (k: string) => (errors[k] ? fieldText(t, errors[k]) : undefined);
  const set = (i: number, patch: Partial<FiRow>) => onChange(products.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  return (
    <Card className="space-y-3 p-5">
      <h2 className="font-semibold">{t('deal.fi.title')}</h2>
      {products.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.fi.none')}</p>}
      {products.map((r, i) => (
        <div key={i} className="grid items-start gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-3 dark:border-slate-800">
          <Select
            label={t('deal.fi.kind', { n: i + 1 })}
            value={r.kind}
            onChange={(e) => set(i, { kind: e.target.value as FiKind })}
            options={FI_KINDS.map((k) => ({ value: k, label: t(`deal.fi.kinds.${k}`) }))}
          />
          <Input label={t('deal.fi.description', { n: i + 1 })} value={r.description} maxLength={120} error={err(`fiProducts.${i}.description`)} onChange={(e) => set(i, { description: e.target.value })} />
          <Input label={t('deal.fi.provider', { n: i + 1 })} value={r.provider} maxLength={80} error={err(`fiProducts.${i}.provider`)} onChange={(e) => set(i, { provider: e.target.value })} />
          <MoneyInput label={t('deal.fi.price', { n: i + 1 })} value={r.priceCents} error={err(`fiProducts.${i}.priceCents`)} onChange={(cents) => set(i, { priceCents: cents })} />
          {canSeeCost && (
            <MoneyInput label={t('deal.fi.dealerReturn', { n: i + 1 })} value={r.dealerReturnCents} error={err(`fiProducts.${i}.dealerReturnCents`)} onChange={(cents) => set(i, { dealerReturnCents: cents })} />
          )}
          <RemoveRow label={t('deal.fi.remove', { n: i + 1 })} onClick={() => onChange(products.filter((_, n) => n !== i))} />
        </div>
      ))}
      <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" disabled={products.length >= 10} onClick={() => onChange([...products, blankFi()])}>
        <Plus className="h-4 w-4" aria-hidden />
        {t('deal.fi.add')}
      </Button>
    </Card>
  );
}
