<?php

require __DIR__ . '/vendor/autoload.php';

header('Content-Type: text/plain');
echo App\Page::render();
