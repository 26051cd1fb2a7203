import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { DataTable } from '../platform/tables';
import { hhmm, programmesApi, type Schedule } from './api';
import { byDay, readWeeklyRrule, ScheduleForm } from './ScheduleForm';
import type { PanelProps } from './TranslationsEditor';

/** "Every Tuesday and Thursday" or "Every 2 weeks on Tuesday"; any other rule as it is written. */
function useRuleDescription(): (rule: string) => string {
  const { t } = useTranslation();
  return (rule) => {
    const weekly = readWeeklyRrule(rule);
    if (!weekly) return rule;
    const days = byDay
      .map((day, i) => (weekly.days.includes(day) ? t(`weekdays.long.${(i + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7}`) : null))
      .filter((name): name is string => name !== null)
      .join(t('common.listSeparator'));
    return t('programmes.schedules.everyWeeksOn', { count: weekly.everyWeeks, days });
  };
}

/** A programme's recurring sessions, each at one branch; changing one regenerates its future sessions. */
export function SchedulesPanel({ programme, canEdit, onChanged }: PanelProps) {
  const { t } = useTranslation();
  const { date, time } = useFormatters();
  const describeRule = useRuleDescription();
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  function close(focusId: string) {
    setEditing(null);
    focusSoon(focusId);
  }

  async function remove(schedule: Schedule) {
    const pattern = describeRule(schedule.rrule);
    const ok = await confirm({
      title: t('programmes.schedules.removeTitle'),
      body: <p>{t('programmes.schedules.removeBody', { pattern, branch: isolate(schedule.branchName) })}</p>,
      confirmLabel: t('programmes.schedules.remove'),
      destructive: true,
    });
    if (!ok) return;
    setProblem(null);
    try {
      await programmesApi.deleteSchedule(schedule.id);
      onChanged(t('programmes.schedules.removed'));
      focusSoon('programme-schedules-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="programme-schedules-heading">
      <h2 id="programme-schedules-heading" tabIndex={-1}>
        {t('programmes.schedules.heading')}
      </h2>
      <ErrorNotice message={problem} />
      {programme.schedules.length === 0 ? (
        <p>{t('programmes.schedules.none')}</p>
      ) : (
        <DataTable
          caption={t('programmes.schedules.caption')}
          columns={[t('programmes.schedules.columns.pattern'), t('programmes.schedules.columns.time'), t('programmes.schedules.columns.branch'), t('programmes.schedules.columns.details'), ...(canEdit ? [t('programmes.schedules.columns.actions')] : [])]}
        >
          {programme.schedules.map((schedule) => (
            <tr key={schedule.id}>
              <th scope="row">
                <span dir="auto">{describeRule(schedule.rrule)}</span>
                <span className="summary-list__note">{t('programmes.schedules.from', { date: date(schedule.firstDate) })}</span>
              </th>
              <td>{t('programmes.times', { start: time(hhmm(schedule.startsLocal)), end: time(hhmm(schedule.endsLocal)) })}</td>
              <td>
                <bdi>{schedule.branchName}</bdi>
              </td>
              <td>
                <ScheduleDetails schedule={schedule} />
              </td>
              {canEdit ? (
                <td>
                  <div className="button-row">
                    <button type="button" id={`schedule-edit-${schedule.id}`} className="button button--small button--secondary" onClick={() => setEditing(schedule)}>
                      {t('common.edit')}
                      <span className="visually-hidden"> {describeRule(schedule.rrule)}</span>
                    </button>
                    <button type="button" className="button button--small button--danger-outline" onClick={() => void remove(schedule)}>
                      {t('programmes.schedules.remove')}
                      <span className="visually-hidden"> {describeRule(schedule.rrule)}</span>
                    </button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {canEdit && editing ? (
        <section className="subsection" aria-labelledby="schedule-form-heading">
          <h3 id="schedule-form-heading" tabIndex={-1}>
            {editing === 'new' ? t('programmes.schedules.newHeading') : t('programmes.schedules.editHeading')}
          </h3>
          <ScheduleForm
            key={editing === 'new' ? 'new' : editing.id}
            programme={programme}
            schedule={editing === 'new' ? null : editing}
            onCancel={() => close(editing === 'new' ? 'schedule-add' : `schedule-edit-${editing.id}`)}
            onSaved={() => {
              setEditing(null);
              onChanged(editing === 'new' ? t('programmes.schedules.created') : t('programmes.schedules.saved'));
              focusSoon('programme-schedules-heading');
            }}
          />
        </section>
      ) : null}
      {canEdit && !editing ? (
        programme.branches.length === 0 ? (
          <p className="field__hint">{t('programmes.schedules.needsBranch')}</p>
        ) : (
          <div className="button-row">
            <button
              type="button"
              id="schedule-add"
              className="button button--secondary"
              onClick={() => {
                setEditing('new');
                focusSoon('schedule-form-heading');
              }}
            >
              {t('programmes.schedules.add')}
            </button>
          </div>
        )
      ) : null}
      {dialog}
    </section>
  );
}

function ScheduleDetails({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation();
  const details = [
    schedule.room ? isolate(schedule.room) : null,
    schedule.facilitator ? t('programmes.sessionFields.facilitatorIs', { name: isolate(schedule.facilitator) }) : null,
    schedule.capacity ? t('programmes.sessionFields.capacityIs', { count: schedule.capacity }) : null,
  ].filter((detail): detail is string => detail !== null);
  return details.length > 0 ? <>{details.join(t('common.listSeparator'))}</> : <>—</>;
}
