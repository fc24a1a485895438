<?php
// Prints, comma-separated, what composer.json's "require" asks of the platform that this PHP does
// not give: a PHP version outside the constraint (`php ^8.3`), missing extensions (`ext-gd`). Composer's constraint syntax, the
// common part: `||` alternatives of space- or comma-separated `^x.y`, `~x.y`, `>=x`, `<x`, `x.*`, `x`.
$composer = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
$require = $composer['require'] ?? [];
$problems = [];

/** Whether version $v satisfies one constraint term such as ^8.1, >=7.4, 8.2.*, ~8.0. */
function satisfies(string $v, string $term): bool {
    if (!preg_match('/^(\^|~|>=|<=|>|<|==?|!=)?v?(\d+(?:\.(?:\d+|\*))*)(?:@\w+)?$/', $term, $m)) {
        throw new RuntimeException("the version constraint \"$term\" is not one Berth understands");
    }
    [$op, $want] = [$m[1] ?? '', $m[2]];
    if (str_contains($want, '*')) {
        $prefix = rtrim(str_replace('*', '', $want), '.');
        return $v === $prefix || str_starts_with($v, "$prefix.");
    }
    $parts = explode('.', $want);
    $next = match ($op) {
        '^' => ($parts[0] === '0' && count($parts) > 1) ? "0." . ($parts[1] + 1) : ($parts[0] + 1) . "",
        '~' => count($parts) === 1 ? ($parts[0] + 1) . "" : implode('.', array_merge(array_slice($parts, 0, -2), [$parts[count($parts) - 2] + 1])),
        default => null,
    };
    if ($next !== null) return version_compare($v, $want, '>=') && version_compare($v, $next, '<');
    if ($op === '' || $op === '=' || $op === '==') {
        return $v === $want || str_starts_with($v, "$want.") || version_compare($v, $want, '==');
    }
    return version_compare($v, $want, $op);
}

if (isset($require['php'])) {
    $version = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . '.' . PHP_RELEASE_VERSION;
    $ok = false;
    foreach (preg_split('/\s*\|\|?\s*/', trim($require['php'])) as $alternative) {
        $terms = preg_split('/\s*,\s*|\s+/', trim($alternative));
        $ok = $ok || array_reduce($terms, fn ($all, $term) => $all && satisfies($version, $term), true);
    }
    if (!$ok) $problems[] = "php {$require['php']}";
}
foreach (array_keys($require) as $name) {
    if (!str_starts_with($name, 'ext-')) continue;
    $extension = substr($name, 4);
    // Composer calls OPcache ext-zend-opcache
    if (!extension_loaded($extension) && !(strtolower($extension) === 'zend-opcache' && extension_loaded('Zend OPcache'))) $problems[] = $name;
}
echo implode(', ', $problems);
