/**
 * A small typed CloudFormation builder: the template is a typed object (resource types, property
 * names and intrinsic functions are checked by the compiler), serialised with JSON.stringify; never
 * concatenated text. Tests validate the result against the CDK's CloudFormation resource spec.
 * @module
 */

/** A CloudFormation intrinsic function. */
export type Intrinsic =
  | { Ref: string }
  | { 'Fn::GetAtt': [string, string] }
  | { 'Fn::Sub': string }
  | { 'Fn::Join': [string, CfnString[]] }
  | { 'Fn::FindInMap': [string, CfnString, string] };

/** A string, or an intrinsic that resolves to one at deploy time. */
export type CfnString = string | Intrinsic;

/** `{ Ref: name }` (a parameter, a pseudo parameter or a resource's primary id). */
export const ref = (name: string): Intrinsic => ({ Ref: name });

/** `{ Fn::GetAtt: [resource, attribute] }`. */
export const getAtt = (resource: string, attribute: string): Intrinsic => ({ 'Fn::GetAtt': [resource, attribute] });

/** `{ Fn::Sub: text }`: `${AWS::AccountId}`, `${Param}` and `${Resource.Attr}` are substituted. */
export const sub = (text: string): Intrinsic => ({ 'Fn::Sub': text });

/** `{ Fn::Join: ['', parts] }`: for text that must keep a literal `${...}` (partition projection templates). */
export const join = (...parts: CfnString[]): Intrinsic => ({ 'Fn::Join': ['', parts] });

/** `{ Fn::FindInMap: [map, key, attribute] }`: a per-region value from the template's Mappings. */
export const findInMap = (map: string, key: CfnString, attribute: string): Intrinsic => ({
  'Fn::FindInMap': [map, key, attribute],
});

/** Pseudo parameters. */
export const AWS_ACCOUNT_ID = ref('AWS::AccountId');
export const AWS_REGION = ref('AWS::Region');
export const AWS_STACK_ID = ref('AWS::StackId');
export const AWS_STACK_NAME = ref('AWS::StackName');

/** One IAM policy statement (identity or resource policy). */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { Service?: string | string[]; AWS?: CfnString | CfnString[] };
  Action: string | string[];
  /** Absent only in trust policies. */
  Resource?: CfnString | CfnString[];
  Condition?: Record<string, Record<string, CfnString | CfnString[] | boolean>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** A resource of CloudFormation type `T` with properties `P`. */
export interface CfnResource<T extends string, P> {
  Type: T;
  Properties: P;
  DependsOn?: string[];
  DeletionPolicy?: 'Delete' | 'Retain' | 'RetainExceptOnCreate';
  UpdateReplacePolicy?: 'Delete' | 'Retain';
}

/** A template parameter (strings only: the rollout passes every value as text). */
export interface CfnParameter {
  Type: 'String';
  Description: string;
  AllowedPattern?: string;
  MinLength?: number;
  Default?: string;
}

/** A template output. */
export interface CfnOutput {
  Description: string;
  Value: CfnString;
}

/** A whole template. */
export interface CfnTemplate<R = Record<string, CfnResource<string, unknown>>> {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, CfnParameter>;
  /** Map -> top-level key (e.g. a region) -> attribute -> value. */
  Mappings?: Record<string, Record<string, Record<string, string>>>;
  Resources: R;
  Outputs: Record<string, CfnOutput>;
}

/** Compact JSON: StackSet template bodies are limited to 51,200 bytes. */
export function renderTemplate(template: CfnTemplate<unknown>): string {
  return JSON.stringify(template);
}
