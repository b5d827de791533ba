import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementTier } from '../api/competitions';
import { useFormat } from '../i18n/format';

/** A metric's name in the UI language ("rmse" → "Root mean squared error"); unknown ones as they are. */
export function useMetricLabel(): (metric: string) => string {
  const { t } = useTranslation();
  return useCallback((metric: string) => t(`competitions.metrics.${metric}`, { defaultValue: metric }), [t]);
}

/** A score as the leaderboard writes it: up to five decimals, in the UI language. */
export function useScore(): (score: number) => string {
  const format = useFormat();
  return useCallback((score: number) => format.number(score, { maximumFractionDigits: 5 }), [format]);
}

/** A file size such as "1.2 MB", in the UI language. */
export function useFileSize(): (bytes: number) => string {
  const format = useFormat();
  return useCallback(
    (bytes: number) => {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
      let value = bytes;
      let unit = 0;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      return format.number(value, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 });
    },
    [format],
  );
}

/** Which final ranks earn a placement tier, in words: "first", "the first 3 teams", "the top 10 % of the teams". */
export function useTierCriterion(): (tier: PlacementTier) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return useCallback(
    (tier: PlacementTier) =>
      tier.top_percent !== undefined
        ? t('competition.tierTopPercent', { percent: format.number(tier.top_percent) })
        : tier.top_ranks === 1
          ? t('competition.tierFirst')
          : t('competition.tierTopRanks', { count: tier.top_ranks ?? 0 }),
    [t, format],
  );
}
