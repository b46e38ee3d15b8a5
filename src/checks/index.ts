/** The check API: definitions, validation, the runner, results and reports. */
export { SEVERITIES, checkDefinitionSchema, type CheckDefinition, type CheckDefinitionInput, type Severity } from './definition.js';
export { parseExpectation, meetsExpectation, subjectOf, ExpectationError, type Expectation } from './expectation.js';
export { compileCheck, type Check, type CheckValidator } from './compile.js';
export { parseCheckText, loadCheckFile, type LoadedCheckFile } from './load-file.js';
export { CheckRegistry } from './registry.js';
export { CheckValidationError, formatProblem, type CheckProblem } from './problems.js';
export { parseExceptions, loadExceptions, type CheckException } from './exceptions.js';
export { runChecks, type RunChecksOptions } from './runner.js';
export { exitCodeFor, EXIT, INTERNAL_ERROR, type AppliedException, type CheckResult, type CheckRunReport, type CheckStatus, type ExitCode, type Finding, type RunSummary, type StaleException, type UnknownException } from './results.js';
export { renderReport, reportChunks, REPORT_FORMATS, REPORT_FILE_NAMES, type ReportFormat, type RenderOptions } from './report/index.js';
export { loadBundledFrameworks, parseFramework, BUNDLED_FRAMEWORKS_DIR, type Framework, type FrameworkControl, type Assessment } from './frameworks/definition.js';
export { frameworkView, CONTROL_STATUSES, type ControlStatus, type ControlView, type FrameworkView } from './frameworks/view.js';
export type { CheckCatalog } from './catalog.js';
