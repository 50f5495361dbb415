import { activeModelRef, type ModelType } from '@boutique/db';
import { CACHE_KEYS, CURRENT_TTL_SECONDS, NEAR_SECONDS } from '@boutique/shared';
import type { AppDeps } from '../context';

/** Id, version and algorithm of the active model of a type (cached; the worker invalidates on a new model). */
export function cachedActiveModel(deps: AppDeps, modelType: ModelType) {
  return deps.cache.get(
    CACHE_KEYS.activeModel(modelType),
    CURRENT_TTL_SECONDS,
    () => activeModelRef(deps.database.db, modelType),
    NEAR_SECONDS.current,
  );
}
