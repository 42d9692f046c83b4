/**
 * Event catalog and provider profiles: built-in presets, envelope building, data generation and
 * validation, OpenAPI 3.1 import/export. Pure functions over src-shared/catalog types; storage of
 * user-defined profiles and catalogs belongs to the db repositories.
 */
export {
  getPresetEventType,
  getPresetProfile,
  isPresetProfileId,
  listPresetEventTypes,
  listPresetProfiles,
} from './presets'
export {
  buildEventPayload,
  buildHandshakePayload,
  buildProfileHeaders,
  checkEnvelopeTemplate,
  envelopeDataPath,
  envelopePlaceholders,
  formatTimestamp,
  newEventId,
  renderTemplate,
  type BuildEventPayloadInput,
  type EnvelopeValues,
  type EnvelopeTimeFormat,
} from './envelope'
export { checkSchema, generateData, validateData, type DataValidationError, type DataValidationResult } from './payloads'
export { describeSchemaProblems, type SchemaProblem } from './schema-problems'
export { exportCatalogAsOpenApi, importCatalogFromOpenApi, type OpenApiDocument, type OpenApiImportResult } from './openapi'
