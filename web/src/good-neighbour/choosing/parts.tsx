import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { isolate } from '../../platform/i18n';
import { languageName } from '../../catalogue/parts';
import type { Reason, Selection } from './api';

/** The open selection titles are added to: the one for the soonest visit. */
export function currentSelection(selections: readonly Selection[]): Selection | null {
  const open = selections.filter((selection) => selection.status === 'open');
  open.sort((a, b) => (a.forVisit ?? '9999-12-31').localeCompare(b.forVisit ?? '9999-12-31'));
  return open[0] ?? null;
}

/** The selection the neighbour took most recently, if any. */
export function lastCollectedSelection(selections: readonly Selection[]): Selection | null {
  const collected = selections.filter((selection) => selection.status === 'collected');
  collected.sort((a, b) => (b.collectedAt ?? '').localeCompare(a.collectedAt ?? ''));
  return collected[0] ?? null;
}

const KNOWN_REFUSALS = ['already_read', 'already_selected', 'already_requested', 'selection_closed', 'arrangement_ended', 'member_blocked', 'member_expired', 'copies_on_hold_shelf', 'selection_empty'] as const;
type KnownRefusal = (typeof KNOWN_REFUSALS)[number];
const isKnownRefusal = (code: string): code is KnownRefusal => (KNOWN_REFUSALS as readonly string[]).includes(code);

/** Why adding or removing a title did not work, in the reader's language where the reason is known. */
export function refusalReason(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && isKnownRefusal(error.code)) return t(`choosing.refusals.${error.code}`);
  return describeError(error, t);
}

/**
 * Languages offered for the profile, as MARC codes. Only codes that are also ISO 639 names, so the
 * browser can name them in the reader's language; others already in a profile are still shown.
 */
export const LANGUAGE_CHOICES = ['eng', 'ara', 'ben', 'guj', 'hin', 'ita', 'kur', 'lit', 'pan', 'pol', 'por', 'rus', 'som', 'spa', 'tam', 'tur', 'urd'] as const;

/** A suggestion's reasons as one phrase: "Large print, Crime, by an author they like (Ann Cleeves)". */
export function useExplanation(): (reasons: readonly Reason[]) => string {
  const { t, i18n } = useTranslation();
  const phraseOf = (reason: Reason): string => {
    switch (reason.kind) {
      case 'format':
        return t(`choosing.reasons.formats.${reason.value}`, { defaultValue: reason.value });
      case 'subject':
      case 'genre':
        return t('choosing.reasons.subject', { subject: isolate(reason.value) });
      case 'author':
        return t('choosing.reasons.author', { author: isolate(reason.value) });
      case 'language':
        return t('choosing.reasons.language', { language: languageName(reason.value, i18n.language) });
      case 'history_author':
        return t('choosing.reasons.historyAuthor', { author: isolate(reason.value) });
      case 'history_subject':
        return t('choosing.reasons.historySubject', { subject: isolate(reason.value) });
    }
  };
  return (reasons) => {
    const phrase = reasons.length === 0 ? t('choosing.reasons.none') : reasons.map(phraseOf).join(t('choosing.reasons.separator'));
    // Said as a sentence: a capital first letter where the language has capitals.
    return phrase.charAt(0).toLocaleUpperCase(i18n.language) + phrase.slice(1);
  };
}
