import { useTranslation } from 'react-i18next';
import { intlLocale } from '../platform/i18n';

/** Formats an amount in pence (or cents) in the reader's locale. */
export function useMoney() {
  const { i18n } = useTranslation();
  return (pence: number, currency: string) =>
    new Intl.NumberFormat(intlLocale(i18n.language), { style: 'currency', currency }).format(pence / 100);
}
