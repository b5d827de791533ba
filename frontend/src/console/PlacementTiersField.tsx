import { useTranslation } from 'react-i18next';
import type { PlacementTier } from '../api/competitions';
import { NumberField, SelectField, TextInput } from './fields';
import { freeID } from './options';
import { fieldId } from './problems';

/** The most tiers a competition may define, as the server allows. */
const MAX_TIERS = 5;

/** A tier's path ("tiers[1].name") as its number and field ("name"). */
export function tierPath(path: string): { index: number; field: string } | null {
  const m = /^tiers\[(\d+)\]\.(\w+)/.exec(path);
  return m ? { index: Number(m[1]), field: m[2]! } : null;
}

/**
 * The placement credentials a host awards on the final private leaderboard: none
 * keeps the default tiers; otherwise each tier is reached by the first ranks or by a
 * share of the teams, and a team earns the first tier it reaches.
 */
export function PlacementTiersField({
  tiers,
  onChange,
  error,
}: {
  tiers: PlacementTier[];
  onChange(tiers: PlacementTier[]): void;
  error(field: string): string | undefined;
}) {
  const { t } = useTranslation();
  const setTier = (i: number, tier: PlacementTier) => onChange(tiers.map((x, k) => (k === i ? tier : x)));
  return (
    <fieldset id={fieldId('tiers')} tabIndex={-1}>
      <legend>{t('hosting.tiers')}</legend>
      <p className="field-hint">{t('hosting.tiersHint')}</p>
      {error('tiers') && <p className="field-error">{error('tiers')}</p>}
      {tiers.length === 0 && <p className="empty-state">{t('hosting.defaultTiers')}</p>}
      {tiers.map((tier, i) => {
        const id = (field: string) => fieldId(`tiers[${i}].${field}`);
        const byRanks = tier.top_percent === undefined;
        return (
          <fieldset key={i} className="phase-fields">
            <legend>{t('hosting.tierLegend', { number: i + 1, name: tier.name || tier.id })}</legend>
            <TextInput id={id('id')} label={t('hosting.tierFields.id')} hint={t('hosting.tierIdHint')} value={tier.id} onChange={(v) => setTier(i, { ...tier, id: v })} error={error(`tiers[${i}].id`)} />
            <TextInput id={id('name')} label={t('hosting.tierFields.name')} value={tier.name} onChange={(v) => setTier(i, { ...tier, name: v })} error={error(`tiers[${i}].name`)} />
            <SelectField
              id={id('reached_by')}
              label={t('hosting.tierReachedBy')}
              value={byRanks ? 'ranks' : 'percent'}
              options={[
                { value: 'ranks', label: t('hosting.tierByRanks') },
                { value: 'percent', label: t('hosting.tierByPercent') },
              ]}
              onChange={(v) => setTier(i, v === 'ranks' ? { id: tier.id, name: tier.name, top_ranks: 1 } : { id: tier.id, name: tier.name, top_percent: 10 })}
            />
            {byRanks ? (
              <NumberField
                id={id('top_ranks')}
                label={t('hosting.tierFields.top_ranks')}
                value={tier.top_ranks}
                onChange={(n) => setTier(i, { ...tier, top_ranks: n })}
                integer
                error={error(`tiers[${i}].top_ranks`)}
              />
            ) : (
              <NumberField
                id={id('top_percent')}
                label={t('hosting.tierFields.top_percent')}
                value={tier.top_percent}
                onChange={(n) => setTier(i, { ...tier, top_percent: n })}
                error={error(`tiers[${i}].top_percent`)}
              />
            )}
            <button type="button" className="button button-small button-quiet" onClick={() => onChange(tiers.filter((_, k) => k !== i))}>
              {t('console.remove')} <span className="visually-hidden">{tier.name || tier.id}</span>
            </button>
          </fieldset>
        );
      })}
      {tiers.length < MAX_TIERS && (
        <button
          type="button"
          className="button button-quiet"
          onClick={() =>
            onChange([
              ...tiers,
              {
                id: freeID(
                  'tier-',
                  tiers.map((x) => x.id),
                ),
                name: '',
                top_ranks: 1,
              },
            ])
          }
        >
          {t('hosting.addTier')}
        </button>
      )}
    </fieldset>
  );
}
