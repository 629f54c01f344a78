/**
 * Validates a CloudFormation template against the CloudFormation resource specification that the
 * AWS CDK itself is generated from (`@aws-cdk/aws-service-spec`, its `db.json.gz`): resource types
 * exist, property names are known at every depth, required properties are present, values have the
 * spec's types and enum values, and every Ref / Fn::GetAtt / Fn::Sub / DependsOn points at something
 * that exists (GetAtt at an attribute the resource really has).
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'number' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'integer'; allowedValues?: number[] }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

interface SpecProperty {
  type: SpecType;
  previousTypes?: SpecType[];
  required?: boolean;
}

interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
  attributes: Record<string, unknown>;
}

interface SpecDb {
  resources: Map<string, SpecResource>;
  types: Record<string, { name: string; properties: Record<string, SpecProperty> }>;
  source: string;
}

let cached: SpecDb | undefined;

/** Loads the spec database once (about 0.3 s). */
export function loadSpec(): SpecDb {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('@aws-cdk/aws-service-spec/package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const db = JSON.parse(gunzipSync(readFileSync(join(dirname(pkgJson), 'db.json.gz'))).toString('utf8')) as {
    schema: { resource: { entities: Record<string, SpecResource> }; typeDefinition: { entities: SpecDb['types'] } };
  };
  const resources = new Map<string, SpecResource>();
  for (const r of Object.values(db.schema.resource.entities)) resources.set(r.cloudFormationType, r);
  // References point at a type's `$id`, which is not its key in the entity table.
  const types: SpecDb['types'] = {};
  for (const t of Object.values(db.schema.typeDefinition.entities) as Array<SpecDb['types'][string] & { $id: string }>)
    types[t.$id] = t;
  cached = { resources, types, source: `@aws-cdk/aws-service-spec@${version}` };
  return cached;
}

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
  'AWS::NoValue',
  'AWS::NotificationARNs',
]);
const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Condition',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const PARAMETER_TYPES = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList']);

interface Context {
  template: Record<string, any>;
  spec: SpecDb;
  problems: string[];
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function checkIntrinsic(ctx: Context, value: Record<string, unknown>, path: string): void {
  const [fn, arg] = Object.entries(value)[0]!;
  const resources = ctx.template.Resources ?? {};
  const parameters = ctx.template.Parameters ?? {};
  const known = (name: string) => PSEUDO.has(name) || name in resources || name in parameters;
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string' || !known(arg)) ctx.problems.push(`${path}: Ref to unknown ${JSON.stringify(arg)}`);
      return;
    case 'Fn::GetAtt': {
      const [logical, attribute] = arg as [string, string];
      const resource = resources[logical];
      if (!resource) return void ctx.problems.push(`${path}: Fn::GetAtt on unknown resource ${logical}`);
      const spec = ctx.spec.resources.get(resource.Type);
      if (spec && !(attribute in spec.attributes))
        ctx.problems.push(
          `${path}: ${resource.Type} has no attribute ${attribute} (has ${Object.keys(spec.attributes).join(', ')})`,
        );
      return;
    }
    case 'Fn::Sub': {
      if (typeof arg !== 'string')
        return void ctx.problems.push(`${path}: Fn::Sub with variables map is not used here`);
      for (const [, name] of arg.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const base = name!.includes('.') && !name!.startsWith('AWS::') ? name!.split('.')[0]! : name!;
        if (!known(base)) ctx.problems.push(`${path}: Fn::Sub references unknown \${${name}}`);
      }
      return;
    }
    case 'Fn::Join': {
      const ok = Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && Array.isArray(arg[1]);
      if (!ok) return void ctx.problems.push(`${path}: Fn::Join needs [delimiter, [parts]]`);
      (arg[1] as unknown[]).forEach((part, i) => checkStringish(ctx, part, `${path}.Fn::Join[${i}]`));
      return;
    }
    case 'Fn::FindInMap': {
      const [map, key, attribute] = arg as [string, unknown, string];
      const mapping = ctx.template.Mappings?.[map] as Record<string, Record<string, unknown>> | undefined;
      if (!mapping) return void ctx.problems.push(`${path}: Fn::FindInMap on unknown mapping ${map}`);
      checkStringish(ctx, key, `${path}.Fn::FindInMap[1]`);
      if (!Object.values(mapping).every((entry) => typeof entry[attribute] === 'string'))
        ctx.problems.push(`${path}: mapping ${map} lacks ${attribute} in some key`);
      return;
    }
    default:
      ctx.problems.push(`${path}: intrinsic ${fn} not supported by this validator`);
  }
}

function checkStringish(ctx: Context, value: unknown, path: string): void {
  if (typeof value === 'string') return;
  if (isIntrinsic(value)) return checkIntrinsic(ctx, value, path);
  ctx.problems.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
}

/** Problems of `value` against `type` (empty when it conforms). */
function checkValue(ctx: Context, type: SpecType, value: unknown, path: string): string[] {
  const sub: Context = { ...ctx, problems: [] };
  if (isIntrinsic(value)) {
    checkIntrinsic(sub, value, path);
    return sub.problems;
  }
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') return [`${path}: expected string, got ${JSON.stringify(value)}`];
      if ('allowedValues' in type && type.allowedValues && !type.allowedValues.includes(value)) {
        return [`${path}: ${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}`];
      }
      return [];
    case 'number':
    case 'integer':
      if (typeof value !== 'number') return [`${path}: expected ${type.type}, got ${JSON.stringify(value)}`];
      if (type.type === 'integer' && !Number.isInteger(value)) return [`${path}: expected integer, got ${value}`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected boolean, got ${JSON.stringify(value)}`];
    case 'json':
      return value !== null && typeof value === 'object'
        ? walkJson(sub, value, path)
        : [`${path}: expected a JSON object`];
    case 'null':
      return value === null ? [] : [`${path}: expected null`];
    case 'tag':
      return checkObject(
        sub,
        { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
        value,
        path,
        'Tag',
      );
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected a list`];
      return value.flatMap((item, i) => checkValue(ctx, type.element, item, `${path}[${i}]`));
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a map`];
      return Object.entries(value).flatMap(([k, v]) => checkValue(ctx, type.element, v, `${path}.${k}`));
    case 'ref': {
      const def = ctx.spec.types[type.reference.$ref];
      if (!def) return [`${path}: spec type ${type.reference.$ref} missing`];
      return checkObject(sub, def.properties, value, path, def.name);
    }
    case 'union': {
      const attempts = type.types.map((t) => checkValue(ctx, t, value, path));
      return attempts.some((p) => p.length === 0) ? [] : attempts.sort((a, b) => a.length - b.length)[0]!;
    }
  }
}

/** Intrinsics inside JSON values (policy documents) must still point at real things. */
function walkJson(ctx: Context, value: unknown, path: string): string[] {
  if (isIntrinsic(value)) checkIntrinsic(ctx, value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkJson(ctx, v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walkJson(ctx, v, `${path}.${k}`);
  return ctx.problems;
}

function checkProperty(ctx: Context, property: SpecProperty, value: unknown, path: string): string[] {
  const current = checkValue(ctx, property.type, value, path);
  if (current.length === 0) return [];
  for (const previous of property.previousTypes ?? [])
    if (checkValue(ctx, previous, value, path).length === 0) return [];
  return current;
}

function checkObject(
  ctx: Context,
  properties: Record<string, SpecProperty>,
  value: unknown,
  path: string,
  typeName: string,
): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object (${typeName})`];
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    const property = properties[name];
    if (!property)
      problems.push(`${path}.${name}: unknown property of ${typeName} (known: ${Object.keys(properties).join(', ')})`);
    else problems.push(...checkProperty(ctx, property, v, `${path}.${name}`));
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in value)) problems.push(`${path}.${name}: required by ${typeName}`);
  }
  return problems;
}

/** Every problem found in the template; empty means valid as far as the spec can tell. */
export function validateTemplate(template: Record<string, any>): string[] {
  const ctx: Context = { template, spec: loadSpec(), problems: [] };
  for (const key of Object.keys(template)) if (!TOP_LEVEL.has(key)) ctx.problems.push(`${key}: not a template section`);
  if (template.AWSTemplateFormatVersion !== '2010-09-09')
    ctx.problems.push('AWSTemplateFormatVersion: must be 2010-09-09');
  for (const [name, parameter] of Object.entries<Record<string, unknown>>(template.Parameters ?? {})) {
    if (!PARAMETER_TYPES.has(String(parameter.Type)))
      ctx.problems.push(`Parameters.${name}.Type: unsupported ${String(parameter.Type)}`);
  }
  const resources = template.Resources as Record<string, Record<string, any>> | undefined;
  if (!resources || Object.keys(resources).length === 0) ctx.problems.push('Resources: empty');
  for (const [logical, resource] of Object.entries(resources ?? {})) {
    const path = `Resources.${logical}`;
    if (!/^[A-Za-z0-9]+$/.test(logical)) ctx.problems.push(`${path}: logical ids are alphanumeric`);
    for (const key of Object.keys(resource))
      if (!RESOURCE_KEYS.has(key)) ctx.problems.push(`${path}.${key}: not a resource attribute`);
    for (const dep of resource.DependsOn ?? [])
      if (!(dep in (resources ?? {}))) ctx.problems.push(`${path}.DependsOn: unknown ${dep}`);
    const spec = ctx.spec.resources.get(resource.Type);
    if (!spec) {
      ctx.problems.push(`${path}.Type: ${resource.Type} is not a CloudFormation resource type`);
      continue;
    }
    ctx.problems.push(
      ...checkObject(ctx, spec.properties, resource.Properties ?? {}, `${path}.Properties`, resource.Type),
    );
  }
  for (const [name, output] of Object.entries<Record<string, unknown>>(template.Outputs ?? {})) {
    checkStringish(ctx, output.Value, `Outputs.${name}.Value`);
  }
  return ctx.problems;
}
