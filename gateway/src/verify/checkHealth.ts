import { fail, pass, type CheckResult } from './checkResult';

/** Checks that `GET <origin>/health` answers 200, the liveness probe deployments rely on. */
export async function checkHealth(url: string): Promise<CheckResult> {
  const healthUrl = new URL('/health', url).toString();
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status === 200
      ? pass('health', `GET ${healthUrl} answers 200`)
      : fail(
          'health',
          `GET ${healthUrl} answered ${response.status}; serve GET /health with 200 while the process runs (lib/http startHttpServer does)`,
        );
  } catch (error) {
    return fail('health', `GET ${healthUrl} failed: ${String(error)}`);
  }
}
