<?php

namespace Berth\Greeting;

final class Greeting
{
    public const VERSION = '1.0.0';

    public static function to(string $name): string
    {
        return "hello, " . mb_strtolower($name);
    }
}
