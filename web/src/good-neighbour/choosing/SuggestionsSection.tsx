import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormatTag } from '../../catalogue/parts';
import { useFormatters } from '../../platform/format';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { focusSoon } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { branchesApi } from '../../organisation/api';
import type { Arrangement } from '../api';
import { choosingApi, type Selection, type Suggestion } from './api';
import { refusalReason, useExplanation } from './parts';

interface SuggestionsSectionProps {
  arrangement: Arrangement;
  /** Changes whenever the profile or the selection does, so suggestions are asked for again. */
  version: number;
  selection: Selection | null;
  selectionsReady: boolean;
  onSelectionChanged(next: Selection, message: string): void;
}

/** Titles on the shelf now that suit the reader, best first, each with why, and a button to set it aside for the visit. */
export function SuggestionsSection({ arrangement, version, selection, selectionsReady, onSelectionChanged }: SuggestionsSectionProps) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const explain = useExplanation();
  const [branchId, setBranchId] = useState('');
  const [suggestions, reload] = useResource((signal) => choosingApi.suggestions(arrangement.id, { branchId: branchId || undefined }, signal), [arrangement.id, branchId, version]);
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [adding, setAdding] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const active = arrangement.status === 'active';
  const shownBranch = branchId || (suggestions.status === 'ready' ? suggestions.data.branchId : '');

  async function add(suggestion: Suggestion) {
    setAdding(suggestion.recordId);
    setProblem(null);
    try {
      const target = selection ?? (await choosingApi.startSelection(arrangement.id));
      const next = await choosingApi.addItem(arrangement.id, target.id, suggestion.recordId);
      const added = next.items.find((item) => item.recordId === suggestion.recordId);
      const message =
        added?.requestStatus === 'ready' && added.holdUntil
          ? t('choosing.suggestions.addedOnHold', { title: isolate(suggestion.title), branch: isolate(next.pickupBranch.name), date: date(added.holdUntil) })
          : t('choosing.suggestions.added', { title: isolate(suggestion.title) });
      onSelectionChanged(next, message);
    } catch (error) {
      setProblem(t('choosing.suggestions.notAdded', { title: isolate(suggestion.title), reason: refusalReason(error, t) }));
    } finally {
      setAdding(null);
      // The title leaves the list once chosen; the heading keeps the reader's place.
      focusSoon('choosing-suggestions-heading');
    }
  }

  return (
    <section className="section choosing-suggestions" aria-labelledby="choosing-suggestions-heading">
      <h2 id="choosing-suggestions-heading" tabIndex={-1}>
        {t('choosing.suggestions.heading')}
      </h2>
      {branches.status === 'ready' && branches.data.items.length > 1 ? (
        <div className="field choosing-branch">
          <label htmlFor="choosing-branch">{t('choosing.suggestions.branch')}</label>
          <select id="choosing-branch" value={shownBranch} onChange={(event) => setBranchId(event.target.value)}>
            {branches.data.items.map((branch) => (
              <option key={branch.id} value={branch.id}>
                {branch.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorNotice message={problem} />
      {suggestions.status === 'loading' ? <Loading /> : null}
      {suggestions.status === 'error' ? <LoadError error={suggestions.error} onRetry={reload} /> : null}
      {suggestions.status === 'ready' && suggestions.data.usedHistory ? <p className="muted">{t('choosing.suggestions.usedHistory', { name: isolate(arrangement.reader.name) })}</p> : null}
      {suggestions.status === 'ready' && suggestions.data.items.length === 0 ? <p>{t('choosing.suggestions.none')}</p> : null}
      {suggestions.status === 'ready' && suggestions.data.items.length > 0 ? (
        <ul className="result-list">
          {suggestions.data.items.map((suggestion) => (
            <li key={suggestion.recordId} className="card choosing-suggestion">
              {suggestion.coverUrl ? <img className="choosing-cover" src={suggestion.coverUrl} alt="" loading="lazy" width={64} height={96} /> : <div className="choosing-cover choosing-cover--none" aria-hidden="true" />}
              <div className="choosing-suggestion__body">
                <h3 className="result__title">
                  <bdi>{suggestion.title}</bdi>
                </h3>
                {suggestion.authors.length > 0 ? (
                  <p>
                    <bdi>{suggestion.authors.join(t('common.listSeparator'))}</bdi>
                  </p>
                ) : null}
                <p className="choosing-why">{explain(suggestion.reasons)}</p>
                <p className="result__meta">
                  <FormatTag format={suggestion.format} />
                  <span className="result__available">{t('choosing.suggestions.onShelf', { count: suggestion.availableCopies })}</span>
                </p>
                {active ? (
                  <button type="button" className="button button--secondary" disabled={adding !== null || !selectionsReady} onClick={() => void add(suggestion)}>
                    {t('choosing.suggestions.add')}
                    <span className="visually-hidden"> {suggestion.title}</span>
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
