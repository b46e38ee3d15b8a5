import { serde, type Schema } from '../sdk-runtime.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Query and REST-XML write timestamps as ISO-8601 unless a member's trait says otherwise. */
const XML_TIMESTAMPS = { useTrait: true, default: 5 } as const;

/** A structure as the SDK's XML serializer writes it: the root element named by the schema, with `xmlNamespace` when given. */
export function xmlDocument(schema: Schema, value: unknown, xmlNamespace?: string): string {
  const serializer = new serde.XmlShapeSerializer({ timestampFormat: XML_TIMESTAMPS, xmlNamespace: xmlNamespace ?? '', serviceNamespace: '' });
  serializer.write(schema, value);
  return serializer.flush() as string;
}

/** The members of a structure as XML elements, without a root: what goes inside a Query protocol's result element. */
export function xmlMembers(schema: Schema, value: unknown): string {
  if (schema.isUnitSchema()) return '';
  const xml = xmlDocument(schema, value);
  if (xml.endsWith('/>') && xml.indexOf('>') === xml.length - 1) return '';
  return xml.slice(xml.indexOf('>') + 1, xml.lastIndexOf('</'));
}
