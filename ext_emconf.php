<?php

$EM_CONF[$_EXTKEY] = [
    'title' => 'Login rate limiting on the login_ratelimit PHP extension',
    'description' => 'Puts TYPO3\'s backend and frontend login rate limiting on the login_ratelimit PHP extension: exact under concurrency, shared by every PHP worker, not wiped by a cache flush.',
    'category' => 'services',
    'state' => 'stable',
    'version' => '1.0.0',
    'constraints' => [
        'depends' => [
            'typo3' => '13.4.0-14.99.99',
        ],
        'conflicts' => [],
        'suggests' => [
            'reports' => '',
        ],
    ],
];
