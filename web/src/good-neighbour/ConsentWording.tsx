import { useTranslation } from 'react-i18next';
import { isolate } from '../platform/i18n';

/**
 * What staff read to the reader before recording their consent, in the language on screen,
 * so that the same words reach every reader whichever member of staff converts the ticket.
 */
export function ConsentWording({ readerName, neighbourNames }: { readerName: string; neighbourNames: string[] }) {
  const { t, i18n } = useTranslation();
  const names = new Intl.ListFormat(i18n.language === 'en' ? 'en-GB' : i18n.language, { type: 'conjunction' }).format(neighbourNames.map(isolate));
  const values = { reader: isolate(readerName), neighbours: names };
  return (
    <div className="notice notice--info" id="gn-consent-wording">
      <h4>{t('goodNeighbour.consent.wordingLabel')}</h4>
      <p>{t('goodNeighbour.consent.wording.join', values)}</p>
      <p>{t('goodNeighbour.consent.wording.see', values)}</p>
      <p>{t('goodNeighbour.consent.wording.fines', values)}</p>
      <p>{t('goodNeighbour.consent.wording.withdraw', values)}</p>
    </div>
  );
}
