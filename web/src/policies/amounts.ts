import { parsePence } from '../circulation/amounts';
import type { RuleField, SettingField } from './api';

/** Rules and settings the API keeps in pence, which staff read and type as money. */
export const moneyFields: readonly (RuleField | SettingField)[] = ['dailyFinePence', 'fineCapPence', 'requestFeePence', 'finesBlockAbovePence'];

export const isMoneyField = (field: RuleField | SettingField) => moneyFields.includes(field);

// Currency signs, spaces and the direction marks Intl puts around amounts in right-to-left text.
const wrapping = /^[\p{Sc}\s\u061C\u200E\u200F]+|[\p{Sc}\s\u061C\u200E\u200F]+$/gu;
const zero = /^[0\u0660]+(?:[.\u066B][0\u0660]{1,2})?$/;

/**
 * An amount typed as money ("0.25", "£5", "5.00 £", in Arabic-Indic digits too) in whole pence, or
 * null when it is not one. Zero is allowed: a rule may have no fine or no fee, which parsePence,
 * made for payments, refuses.
 */
export function parseAmount(text: string): number | null {
  const bare = text.replace(wrapping, '');
  if (zero.test(bare)) return 0;
  return parsePence(bare);
}

/** Pence as the form shows them for editing: 25 → "0.25", 500 → "5.00". */
export const amountText = (pence: number) => (pence / 100).toFixed(2);
