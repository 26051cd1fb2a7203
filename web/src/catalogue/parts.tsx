import { useTranslation } from 'react-i18next';
import { intlLocale } from '../platform/i18n';
import type { Format, ItemStatus } from './api';

const names = new Map<string, Intl.DisplayNames | null>();

/** A MARC language code (eng, ara, pol) in the reader's language, or the code when unknown. */
export function languageName(code: string, lang: string): string {
  if (!names.has(lang)) {
    try {
      names.set(lang, new Intl.DisplayNames([intlLocale(lang)], { type: 'language', fallback: 'none' }));
    } catch {
      names.set(lang, null);
    }
  }
  try {
    return names.get(lang)?.of(code) ?? code;
  } catch {
    return code;
  }
}

export function FormatTag({ format }: { format: Format }) {
  const { t } = useTranslation();
  return <span className="tag">{t(`catalogue.formats.${format}`)}</span>;
}

const statusTone: Record<ItemStatus, string> = {
  available: 'badge--ok',
  on_loan: 'badge--info',
  on_hold_shelf: 'badge--pending',
  in_transit: 'badge--pending',
  missing: 'badge--danger',
  lost: 'badge--danger',
  withdrawn: 'badge--muted',
};

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${statusTone[status]}`}>{t(`catalogue.itemStatus.${status}`)}</span>;
}
