// The `check` command's output formats, apart from their renderers so that the command line loads without them.

export const CHECK_FORMATS = ['table', 'json', 'junit', 'markdown'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
