<?php

namespace App;

use Berth\Greeting\Greeting;

final class Page
{
    /** Says which PHP serves the page, through which SAPI, and that the vendored package loaded. */
    public static function render(): string
    {
        return sprintf(
            "%s from php %s (%s), berth/greeting %s from vendor/, PORT %s\n",
            Greeting::to('BERTH'),
            PHP_VERSION,
            PHP_SAPI,
            Greeting::VERSION,
            getenv('PORT') ?: 'unset',
        );
    }
}
