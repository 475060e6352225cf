export function requiredPackages(bundleText: string): string[];
export function productionPackageDirs(root: string, names: string[]): string[];
