<?php return array(
    'root' => array(
        'name' => 'berth/php-hello',
        'pretty_version' => '1.0.0+no-version-set',
        'version' => '1.0.0.0',
        'reference' => null,
        'type' => 'project',
        'install_path' => __DIR__ . '/../../',
        'aliases' => array(),
        'dev' => false,
    ),
    'versions' => array(
        'berth/greeting' => array(
            'pretty_version' => '1.0.0',
            'version' => '1.0.0.0',
            'reference' => 'b74c2822daf4e8e8d2f0d7ac59d1346e8c940737',
            'type' => 'library',
            'install_path' => __DIR__ . '/../berth/greeting',
            'aliases' => array(),
            'dev_requirement' => false,
        ),
        'berth/php-hello' => array(
            'pretty_version' => '1.0.0+no-version-set',
            'version' => '1.0.0.0',
            'reference' => null,
            'type' => 'project',
            'install_path' => __DIR__ . '/../../',
            'aliases' => array(),
            'dev_requirement' => false,
        ),
    ),
);
