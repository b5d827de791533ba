import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from './format';

/** Enumerations whose values have translations under values.<name>.<value>. */
export type Enumeration =
  | 'type'
  | 'level'
  | 'cycle'
  | 'delivery'
  | 'study_mode'
  | 'proficiency'
  | 'period'
  | 'fee_group'
  | 'kind'
  | 'participation'
  | 'feedback'
  | 'enrolment'
  | 'attempt';

/**
 * Human labels, in the UI language, for the codes the API uses: enumerations,
 * languages, countries and EQF levels. Unknown values are shown as they are.
 */
export function useLabels() {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo(
    () => ({
      of(name: Enumeration, value: string): string {
        return t(`values.${name}.${value}`, { defaultValue: value });
      },
      eqf(level: number | string): string {
        return t('values.eqfLevel', { level });
      },
      /** The label of a value of a search facet that is not looked up elsewhere (institutions, skills). */
      facetValue(facet: string, value: string): string {
        switch (facet) {
          case 'language':
            return format.languageName(value);
          case 'country':
            return format.countryName(value);
          case 'eqf_level':
            return t('values.eqfLevel', { level: value });
          case 'type':
          case 'level':
          case 'cycle':
          case 'delivery':
          case 'study_mode':
          case 'metric_type':
            return t(`values.${facet}.${value}`, { defaultValue: value });
          case 'status':
            return t(`competitions.status.${value}`, { defaultValue: value });
          default:
            return value;
        }
      },
    }),
    [t, format],
  );
}
