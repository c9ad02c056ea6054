// The planner's translator for the current language.
import { useMemo } from 'react';
import { plannerTranslator, type PlannerTranslate } from '../../state/i18n-planner.ts';
import { useI18n } from '../common/i18n-context.tsx';

export function usePlannerText(): PlannerTranslate {
  const { lang } = useI18n();
  return useMemo(() => plannerTranslator(lang), [lang]);
}
