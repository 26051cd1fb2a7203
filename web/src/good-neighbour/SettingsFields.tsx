import { useTranslation } from 'react-i18next';
import { CheckboxField, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';

interface SettingsFieldsProps {
  /** Reading-history consent, when it is asked for here rather than on the member's page. */
  history?: { keep: boolean; onChange(value: boolean): void; readerName: string };
  noticeMarginDays: string;
  onNoticeMarginDays(value: string): void;
  autoRenew: boolean;
  onAutoRenew(value: boolean): void;
  writeOffAfterDays: string;
  onWriteOffAfterDays(value: string): void;
  errors: Record<string, string>;
}

/** The scheme's settings for one reader, shared by the wizard and the arrangement page. */
export function SettingsFields(props: SettingsFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      {props.history ? (
        <>
          <CheckboxField id="gn-keep-history" label={t('goodNeighbour.settings.keepHistory')} checked={props.history.keep} onCheckedChange={props.history.onChange} aria-describedby="gn-keep-history-hint" />
          <p className="field__hint radio__hint" id="gn-keep-history-hint">
            {t('goodNeighbour.settings.keepHistoryHint', { name: isolate(props.history.readerName) })}
          </p>
        </>
      ) : null}
      <div className="form-grid">
        <TextField id="gn-notice-margin" label={t('goodNeighbour.settings.noticeMargin')} hint={t('goodNeighbour.settings.noticeMarginHint')} inputMode="numeric" dir="ltr" autoComplete="off" value={props.noticeMarginDays} onValueChange={props.onNoticeMarginDays} error={props.errors.noticeMarginDays} />
        <TextField id="gn-write-off" label={t('goodNeighbour.settings.writeOffAfter')} hint={t('goodNeighbour.settings.writeOffAfterHint')} inputMode="numeric" dir="ltr" autoComplete="off" value={props.writeOffAfterDays} onValueChange={props.onWriteOffAfterDays} error={props.errors.writeOffAfterDays} />
      </div>
      <CheckboxField id="gn-auto-renew" label={t('goodNeighbour.settings.autoRenew')} checked={props.autoRenew} onCheckedChange={props.onAutoRenew} aria-describedby="gn-auto-renew-hint" />
      <p className="field__hint radio__hint" id="gn-auto-renew-hint">
        {t('goodNeighbour.settings.autoRenewHint')}
      </p>
    </>
  );
}
