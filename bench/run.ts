/**
 * `npm run bench`: runs every benchmark case in its own child process (so each peak RSS is the case's
 * own), prints the tables and rewrites BENCHMARKS.md.
 *
 *   npm run bench                         # all sections (scikit-learn on the 100k matrix carried over)
 *   npm run bench -- --quick              # small sizes only; writes bench/data/BENCHMARKS.quick.md
 *   npm run bench -- --only forecast      # one section: forecast | sklearn | trees (trees: + sklearn 100k)
 *   npm run bench -- --only recommend     # product recommendations (demo, outfits, large 1M-line store)
 *   npm run bench -- --only segment       # customer segmentation (+ the 100k-customer store, ≈ 1 min more)
 *   npm run bench -- --only load          # the real system under autocannon, queue throughput
 *   npm run bench -- --only scale         # every worker job on a 1M-line store in Postgres
 *   npm run bench -- --render             # only re-render BENCHMARKS.md from bench/results
 *
 * Results of each section are stored in bench/results/<section>.json; BENCHMARKS.md is rendered from all
 * stored sections, so `--only` refreshes one and keeps the others with their own dates.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, DATA_DIR, matrixPath, REPO_DIR, type StoreName } from './lib';
import {
  type DemandResult,
  type FitResult,
  type ForecastResult,
  type ForecastSection,
  type LoadSection,
  type Machine,
  type PrepareResult,
  type RecommendCase,
  type RecommendSection,
  type Records,
  renderDocument,
  renderForecast,
  renderLoad,
  renderRecommend,
  renderSegment,
  renderSklearn,
  renderTrees,
  SECTIONS,
  type SectionName,
  type SectionRecord,
  type SegmentCase,
  type SegmentSection,
  type SklearnSection,
  type TreesFit,
  type TreesSection,
} from './report';
import { renderScale } from './scale/render';
import type { ScaleResult } from './scale/types';

const PYTHON = '/usr/bin/python3';
const REFERENCE_DIR = '/work/shared/reference';
const ALGORITHMS = ['linear', 'random_forest', 'gradient_boosting'] as const;
/** Every engine on one thread: scikit-learn's histogram GB and NumPy would otherwise use OpenMP/BLAS threads. */
const ONE_THREAD = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

interface Options {
  quick: boolean;
  only: SectionName | null;
  /** Only re-render BENCHMARKS.md from the stored results. */
  render: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, only: null, render: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--render') options.render = true;
    else if (arg === '--only') {
      i += 1;
      const section = argv[i];
      if (!SECTIONS.includes(section as SectionName)) {
        throw new Error(`--only needs one of ${SECTIONS.join(', ')}, got ${section}`);
      }
      options.only = section as SectionName;
    } else throw new Error(`unknown option ${arg}; use --quick, --only <${SECTIONS.join('|')}> or --render`);
  }
  return options;
}

const failures: string[] = [];

function log(text: string): void {
  process.stderr.write(text);
}

/** Wall seconds of the last case run by runCase (what a section's default part costs). */
let lastCaseSeconds = 0;

/**
 * Runs one case and returns its result: the last JSON line of its stdout, or its whole stdout when that is
 * one JSON document (the issue-4 scripts print theirs indented). Null, logged, when it fails.
 */
function runCase<T>(
  label: string,
  command: string,
  args: string[],
  timeoutSeconds = 900,
  env: NodeJS.ProcessEnv = ONE_THREAD,
): T | null {
  log(`  ${label} … `);
  const t0 = performance.now();
  const child = spawnSync(command, args, {
    cwd: REPO_DIR,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: timeoutSeconds * 1000,
  });
  const seconds = (performance.now() - t0) / 1000;
  lastCaseSeconds = seconds;
  const stdout = (child.stdout ?? '').trim();
  let parsed: T | null = null;
  try {
    parsed = stdout.startsWith('{') ? (JSON.parse(stdout) as T) : null;
  } catch {
    const line = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .pop();
    parsed = line ? (JSON.parse(line) as T) : null;
  }
  if (child.status !== 0 || !parsed) {
    log(`FAILED after ${seconds.toFixed(1)} s (${child.error?.message ?? `exit ${child.status}`})\n`);
    log(`${(child.stderr ?? '').trim().split('\n').slice(-15).join('\n')}\n`);
    failures.push(label);
    return null;
  }
  log(`${seconds.toFixed(1)} s\n`);
  return parsed;
}

function tsCase<T>(
  label: string,
  file: string,
  args: string[],
  timeoutSeconds?: number,
  env?: NodeJS.ProcessEnv,
): T | null {
  return runCase<T>(
    label,
    process.execPath,
    ['--import', 'tsx', join(BENCH_DIR, file), ...args],
    timeoutSeconds,
    env,
  );
}

function shell(command: string, args: string[]): string {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  return (out.stdout ?? '').trim();
}

function machine(): Machine {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const versions = shell(PYTHON, [
    '-c',
    'import json, platform, sklearn, xgboost, numpy; print(json.dumps({"python": platform.python_version(), ' +
      '"sklearn": sklearn.__version__, "xgboost": xgboost.__version__, "numpy": numpy.__version__}))',
  ]);
  const py = (versions ? JSON.parse(versions) : {}) as Partial<Machine>;
  return {
    cpu,
    cores: cpus().length,
    ramGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    python: py.python ?? 'not found',
    sklearn: py.sklearn ?? 'not found',
    xgboost: py.xgboost ?? 'not found',
    numpy: py.numpy ?? 'not found',
  };
}

function section<T>(name: SectionName, host: Machine, run: () => T): SectionRecord<T> {
  log(`\n== ${name} ==\n`);
  const date = shell('date', ['-u']) || new Date().toUTCString();
  const loadAverage = loadavg()[0] ?? 0;
  const t0 = performance.now();
  const results = run();
  return {
    section: name,
    date,
    machine: host,
    loadAverage,
    wallSeconds: (performance.now() - t0) / 1000,
    results,
  };
}

// ---- sections ----

function prepareStores(stores: readonly StoreName[]): PrepareResult[] {
  return stores.flatMap((store) => {
    const r = tsCase<PrepareResult>(`prepare ${store} store`, 'prepare.ts', [store]);
    return r ? [r] : [];
  });
}

function forecastSection(stores: readonly StoreName[], quick: boolean): ForecastSection {
  const prepare = prepareStores(stores);
  const training: ForecastResult[] = [];
  for (const store of stores) {
    for (const algorithm of ALGORITHMS) {
      const r = tsCase<ForecastResult>(`train ${algorithm} on ${store}`, 'forecast.ts', [
        store,
        algorithm,
        quick ? '1' : '3',
      ]);
      if (r) training.push(r);
    }
  }
  const demand: DemandResult[] = [];
  for (const store of stores) {
    const r = tsCase<DemandResult>(`productDemand on ${store}`, 'demand.ts', [store]);
    if (r) demand.push(r);
  }
  return { prepare, training, demand };
}

function sklearnSection(stores: readonly StoreName[], quick: boolean): SklearnSection {
  if (stores.some((store) => !existsSync(matrixPath(store)))) prepareStores(stores);
  const repeats = quick ? '1' : '3';
  const seeds = (model: string) => (['rf', 'sk-rf', 'xgb-rf'].includes(model) ? (quick ? '3' : '10') : '0');
  const fits: FitResult[] = [];
  for (const store of stores) {
    const csv = matrixPath(store);
    const ours = ['rf', 'gbm', 'gbm-sk', 'gbm-xgb', ...(store === 'demo' && !quick ? ['ml-rf'] : [])];
    const theirs = ['sk-rf', 'sk-gb', 'sk-hgb', 'xgb-gbm', 'xgb-rf'];
    // Alternate the two sides so that each pair ran close together in time.
    for (let i = 0; i < Math.max(ours.length, theirs.length); i += 1) {
      const a = ours[i];
      if (a) {
        const r = tsCase<Omit<FitResult, 'matrix'>>(`${a} on ${store} matrix`, 'tree_fit.ts', [
          csv,
          a,
          a === 'ml-rf' ? '1' : repeats,
          seeds(a),
        ]);
        if (r) fits.push({ ...r, matrix: store });
      }
      const b = theirs[i];
      if (b) {
        const r = runCase<Omit<FitResult, 'matrix'>>(`${b} on ${store} matrix`, PYTHON, [
          join(BENCH_DIR, 'sklearn_forecast.py'),
          csv,
          b,
          repeats,
          seeds(b),
        ]);
        if (r) fits.push({ ...r, matrix: store });
      }
    }
  }
  return { fits };
}

/** Runs a reference script (sk.py / xgb.py) unchanged and reads its "name n=… fit_s=… test_r2=…" lines. */
function referenceCase(label: string, dataset: string, script: string, args: string[]): TreesFit[] {
  const wrapper =
    'import resource, runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__"); ' +
    'print("maxrss_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)';
  log(`  ${label} … `);
  const t0 = performance.now();
  const child = spawnSync(PYTHON, ['-c', wrapper, join(REFERENCE_DIR, script), ...args], {
    cwd: join(DATA_DIR, 'ref'),
    env: ONE_THREAD,
    encoding: 'utf8',
    timeout: 900_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) {
    log(`FAILED (${child.error?.message ?? `exit ${child.status}`})\n${(child.stderr ?? '').slice(-1500)}\n`);
    failures.push(label);
    return [];
  }
  log(`${seconds.toFixed(1)} s\n`);
  const rss = Number(/maxrss_kb=(\d+)/.exec(child.stdout)?.[1] ?? Number.NaN) / 1024;
  const names: Record<string, string> = {
    rf: 'sk-rf',
    gb: 'sk-gb',
    'xgb-gbm': 'xgb-gbm',
    'xgb-rf': 'xgb-rf',
  };
  return [...child.stdout.matchAll(/^(\S+) n=\d+.*fit_s=([\d.]+) test_r2=([-\d.]+)/gm)].map((m) => ({
    dataset,
    model: names[m[1]!] ?? m[1]!,
    fitS: Number(m[2]),
    r2: Number(m[3]),
    peakRssMb: Number.isFinite(rss) ? rss : null,
    note: '',
  }));
}

function treesSection(
  quick: boolean,
  withSklearnLarge: boolean,
  previous: TreesSection | undefined,
  previousDate: string | undefined,
): TreesSection {
  const dir = join(DATA_DIR, 'ref');
  const datasets = quick ? ['small'] : ['small', 'medium', 'large'];
  if (!datasets.every((d) => existsSync(join(dir, `${d}.csv`)))) {
    mkdirSync(dir, { recursive: true });
    log('  generating the reference matrices (gen.py) … ');
    const gen = spawnSync(PYTHON, [join(REFERENCE_DIR, 'gen.py')], { cwd: dir, encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`gen.py failed: ${gen.stderr}`);
    log('done\n');
  }
  const fits: TreesFit[] = [];
  for (const dataset of datasets) {
    for (const model of ['rf', 'gbm', 'gbm-sk', 'gbm-xgb']) {
      const r = tsCase<{ fitS: number; r2: number; peakRssMb: number; extra: string }>(
        `ours ${model} on ${dataset}`,
        'trees/compare.ts',
        ['--one', dir, dataset, model],
      );
      if (r) fits.push({ dataset, model, fitS: r.fitS, r2: r.r2, peakRssMb: r.peakRssMb, note: r.extra });
    }
    const csv = `${dataset}.csv`;
    if (dataset !== 'large' || withSklearnLarge) {
      fits.push(...referenceCase(`sk.py rf ${dataset}`, dataset, 'sk.py', ['rf', csv, '1']));
    } else {
      const carried = previous?.fits.find((f) => f.dataset === 'large' && f.model === 'sk-rf');
      if (carried) {
        fits.push({ ...carried, measured: carried.measured ?? previousDate });
        log(`  sk.py rf large: carried over from ${carried.measured ?? previousDate}\n`);
      } else log('  sk.py rf large: skipped (run `npm run bench -- --only trees` to measure it)\n');
    }
    if (dataset !== 'large')
      fits.push(...referenceCase(`sk.py gb ${dataset}`, dataset, 'sk.py', ['gb', csv]));
    fits.push(...referenceCase(`xgb.py ${dataset}`, dataset, 'xgb.py', [csv, '1']));
  }
  return { fits };
}

// ---- issue 4: recommendations and segmentation; issue 5: load ----

function recommendSection(quick: boolean): RecommendSection {
  const stores: RecommendCase[] = [];
  // The large store's variant comparison would add six more evaluations on 1M lines: default options only.
  const cases: [string, string[]][] = [
    ['demo', []],
    ['outfits', []],
    ...(quick ? [] : [['large', ['--no-compare']] as [string, string[]]]),
  ];
  for (const [store, extra] of cases) {
    const r = tsCase<{ recommendations: RecommendCase[] }>(
      `trainRecommendations on ${store}`,
      'issue4/recommend.ts',
      [store, ...extra],
    );
    if (r) stores.push(...r.recommendations.map((x) => ({ ...x, caseSeconds: lastCaseSeconds })));
  }
  return { stores };
}

/**
 * The large store (100k customers) runs only with `--only segment`; otherwise its last measurement is
 * carried over with its date. scikit-learn runs with its default threads and pinned to one (the script
 * sets OMP_NUM_THREADS=1 for the latter), so this case gets the environment without the bench's pinning.
 */
function segmentSection(
  quick: boolean,
  withLarge: boolean,
  previous: SegmentSection | undefined,
  previousDate: string | undefined,
): SegmentSection & { defaultSeconds: number } {
  const { OMP_NUM_THREADS: _o, OPENBLAS_NUM_THREADS: _b, MKL_NUM_THREADS: _m, ...env } = ONE_THREAD;
  const stores: SegmentCase[] = [];
  let defaultSeconds = 0;
  for (const store of withLarge && !quick ? ['demo', 'large'] : ['demo']) {
    const r = tsCase<{ results: SegmentCase[] }>(
      `segmentation on ${store}`,
      'issue4/segment.ts',
      [store, quick ? '1' : '3'],
      900,
      env,
    );
    if (store === 'demo') defaultSeconds += lastCaseSeconds;
    if (r) stores.push(...r.results.map((x) => ({ ...x, caseSeconds: lastCaseSeconds })));
  }
  if (!quick && !withLarge) {
    const carried = previous?.stores.find((x) => x.store === 'large');
    if (carried) {
      stores.push({ ...carried, measured: carried.measured ?? previousDate });
      log(`  segmentation on large: carried over from ${carried.measured ?? previousDate}\n`);
    } else log('  segmentation on large: skipped (run `npm run bench -- --only segment` to measure it)\n');
  }
  return { stores, defaultSeconds };
}

function loadSection(quick: boolean): LoadSection | null {
  return tsCase<LoadSection>(
    'the system under load (bench/load/load.ts)',
    'load/load.ts',
    quick ? ['--quick'] : [],
    900,
  );
}

/** Several minutes: the 1M-line store is generated, written and every job run on it (bench/scale/). */
function scaleSection(quick: boolean): ScaleResult | null {
  return tsCase<ScaleResult>(
    'every job on the large store (bench/scale/scale.ts)',
    'scale/scale.ts',
    quick ? ['--quick'] : [],
    3600,
  );
}

// ---- main ----

/** Stored results, formatted as `biome check` wants them (they are checked in; bench/data is not). */
function saveRecord(dir: string, name: string, value: unknown): void {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  const biome = join(REPO_DIR, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  if (existsSync(biome)) spawnSync(process.execPath, [biome, 'format', '--write', path], { cwd: REPO_DIR });
}

function readRecords(dir: string): Records {
  const records: Records = {};
  for (const name of SECTIONS) {
    const path = join(dir, `${name}.json`);
    if (existsSync(path)) Object.assign(records, { [name]: JSON.parse(readFileSync(path, 'utf8')) });
  }
  return records;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const resultsDir = options.quick ? join(DATA_DIR, 'quick-results') : join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const records = readRecords(resultsDir);
  const host = machine();
  log(
    `${host.cpu}, ${host.cores} cores, Node ${host.node}, scikit-learn ${host.sklearn}, XGBoost ${host.xgboost}\n`,
  );
  const stores: StoreName[] = options.quick ? ['demo'] : ['demo', 'large'];
  const wanted = (name: SectionName) => !options.render && (options.only === null || options.only === name);

  if (wanted('forecast')) {
    records.forecast = section('forecast', host, () => forecastSection(stores, options.quick));
    saveRecord(resultsDir, 'forecast', records.forecast);
    process.stdout.write(`\n${renderForecast(records.forecast)}\n`);
  }
  if (wanted('sklearn')) {
    records.sklearn = section('sklearn', host, () => sklearnSection(stores, options.quick));
    saveRecord(resultsDir, 'sklearn', records.sklearn);
    process.stdout.write(`\n${renderSklearn(records.sklearn)}\n`);
  }
  if (wanted('trees')) {
    const previous = records.trees;
    records.trees = section('trees', host, () =>
      treesSection(options.quick, options.only === 'trees', previous?.results, previous?.date),
    );
    saveRecord(resultsDir, 'trees', records.trees);
    process.stdout.write(`\n${renderTrees(records.trees)}\n`);
  }

  if (wanted('recommend')) {
    records.recommend = section('recommend', host, () => recommendSection(options.quick));
    saveRecord(resultsDir, 'recommend', records.recommend);
    process.stdout.write(`\n${renderRecommend(records.recommend)}\n`);
  }
  if (wanted('segment')) {
    const previous = records.segment;
    const record = section('segment', host, () =>
      segmentSection(options.quick, options.only === 'segment', previous?.results, previous?.date),
    );
    const { defaultSeconds, ...results } = record.results;
    records.segment = { ...record, results, defaultRunSeconds: defaultSeconds };
    saveRecord(resultsDir, 'segment', records.segment);
    process.stdout.write(`\n${renderSegment(records.segment)}\n`);
  }
  if (wanted('load')) {
    const record = section('load', host, () => loadSection(options.quick));
    if (record.results) {
      records.load = { ...record, results: record.results };
      saveRecord(resultsDir, 'load', records.load);
      process.stdout.write(`\n${renderLoad(records.load)}\n`);
    }
  }

  if (wanted('scale')) {
    const record = section('scale', host, () => scaleSection(options.quick));
    if (record.results) {
      records.scale = { ...record, results: record.results };
      saveRecord(resultsDir, 'scale', records.scale);
      process.stdout.write(`\n${renderScale(records.scale)}\n`);
    }
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const metaPath = join(resultsDir, 'meta.json');
  const meta = (existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : {}) as {
    fullRunSeconds?: number;
    /** The sections the measured full run had (older runs had fewer than SECTIONS). */
    fullRunSections?: string[];
  };
  if (options.only === null && !options.quick && !options.render) {
    meta.fullRunSeconds = totalSeconds;
    meta.fullRunSections = [...SECTIONS];
  }
  saveRecord(resultsDir, 'meta', meta);
  const complete = SECTIONS.every((name) => meta.fullRunSections?.includes(name));
  // A run without scikit-learn installed (e.g. --only load|scale) keeps the versions the stored sklearn section used.
  const python = host.python === 'not found' ? records.sklearn?.machine : undefined;
  const document = renderDocument(records, {
    machine: python
      ? {
          ...host,
          python: python.python,
          sklearn: python.sklearn,
          xgboost: python.xgboost,
          numpy: python.numpy,
        }
      : host,
    totalSeconds: complete ? meta.fullRunSeconds : undefined,
  });
  const target = options.quick ? join(DATA_DIR, 'BENCHMARKS.quick.md') : join(REPO_DIR, 'BENCHMARKS.md');
  writeFileSync(target, document);
  log(
    `\nwrote ${target} in ${totalSeconds.toFixed(0)} s${failures.length > 0 ? `; FAILED: ${failures.join(', ')}` : ''}\n`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

main();
