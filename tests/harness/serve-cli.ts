/**
 * `npm run serve [-- --port 8080]`: serve seeds/ by host name and print the seed URLs.
 * To open them in a normal browser, map the hosts to 127.0.0.1, e.g.
 *   chromium --host-resolver-rules="MAP *.gov.cn 127.0.0.1, MAP news.example-daily.com 127.0.0.1"
 */
import { loadSiteMap, SEED_PAGES, start } from './server';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const portArg = argValue('--port') ?? process.env.PORT ?? '8080';
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer 0–65535, got ${JSON.stringify(portArg)}`);
  }
  const sites = loadSiteMap(); // fail early and clearly when seeds/sites.json is missing or bad
  const verbose = process.argv.includes('--verbose');
  const server = await start(port, { log: verbose ? (l) => console.log(l) : undefined });
  console.log(`Policy Lens seed server on 127.0.0.1:${server.port}`);
  console.log('Sites:');
  for (const [host, folder] of Object.entries(sites)) console.log(`  ${host} → seeds/${folder}/`);
  console.log('Seed pages:');
  console.log(`  policy: ${server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path)}`);
  console.log(`  news:   ${server.url(SEED_PAGES.news.host, SEED_PAGES.news.path)}`);
  const hosts = Object.keys(sites)
    .map((h) => `MAP ${h} 127.0.0.1`)
    .join(', ');
  console.log('Browse with:');
  console.log(`  chromium --host-resolver-rules="${hosts}"`);
  console.log(`  or set 127.0.0.1:${server.port} as the HTTP proxy (Firefox).`);
  console.log('Ctrl+C to stop.');
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`serve: ${(e as Error).message}`);
  process.exit(1);
});
