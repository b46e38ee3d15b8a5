import type { SourceSpec } from '../../../src/sources/source.js';
import type { CustomOperations, Handler } from './handler.js';
import { loadService, type ServiceModel } from './services.js';

/**
 * Which service and operation a request is for, and what answers it,
 * derived from the sources (the registry's, by default) and the custom
 * operations: a service is known because a source or a custom operation
 * uses its SDK package, an operation is served because one names it.
 */
export class Router {
  private readonly bySigningName = new Map<string, ServiceModel[]>();
  private readonly sources = new Map<ServiceModel, Map<string, SourceSpec>>();
  private readonly handlers = new Map<ServiceModel, Map<string, Handler>>();

  static async create(sources: readonly SourceSpec[], custom: readonly CustomOperations[]): Promise<Router> {
    const router = new Router();
    for (const source of sources) {
      const service = await router.add(source.sdk);
      const byOperation = router.sources.get(service) ?? new Map<string, SourceSpec>();
      router.sources.set(service, byOperation);
      // One answer per operation: the first source that names it.
      if (!byOperation.has(source.operation)) byOperation.set(source.operation, source);
    }
    for (const operations of custom) {
      const service = await router.add(operations.sdk);
      const byOperation = router.handlers.get(service) ?? new Map<string, Handler>();
      router.handlers.set(service, byOperation);
      for (const [name, handler] of Object.entries(operations.handlers)) byOperation.set(name, handler);
    }
    return router;
  }

  /** The services signing with this name (`s3` is S3 and S3 Control), in the order they were first used. */
  services(signingName: string | undefined): readonly ServiceModel[] {
    return (signingName && this.bySigningName.get(signingName)) || [];
  }

  handler(service: ServiceModel, operation: string): Handler | undefined {
    return this.handlers.get(service)?.get(operation);
  }

  source(service: ServiceModel, operation: string): SourceSpec | undefined {
    return this.sources.get(service)?.get(operation);
  }

  served(service: ServiceModel, operation: string): boolean {
    return this.handler(service, operation) !== undefined || this.source(service, operation) !== undefined;
  }

  private async add(sdk: CustomOperations['sdk']): Promise<ServiceModel> {
    const service = await loadService(sdk);
    const known = this.bySigningName.get(service.signingName) ?? [];
    if (!known.includes(service)) this.bySigningName.set(service.signingName, [...known, service]);
    return service;
  }
}
