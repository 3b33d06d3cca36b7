/**
 * What the recommenders' service tests share: a service with only the recommenders under test
 * (the rules and the learned model have tests of their own). The sample project without its
 * layers comes from sample.ts (`sampleCopies`).
 */
import type { StandoffService } from '../../backend/service';

/** Takes the rules and the learned model out of the service's registry. */
export function withoutBuiltInRecommenders(service: StandoffService): StandoffService {
  for (const r of service.recommend.registry.all()) if (r.kind === 'rules' || r.kind === 'learned') service.recommend.registry.remove(r.id);
  return service;
}
